package dev.fleet.ec2.cloud;

/** A VPC as EC2 reports it. */
public record Vpc(String vpcId, String cidrBlock, boolean isDefault) {}
