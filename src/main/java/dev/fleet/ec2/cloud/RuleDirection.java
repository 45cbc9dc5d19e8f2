package dev.fleet.ec2.cloud;

/** Inbound or outbound rules of a security group. */
public enum RuleDirection { INGRESS, EGRESS }
