package dev.fleet.ec2.cloud;

/** A subnet as EC2 reports it. */
public record Subnet(String subnetId, String vpcId, String availabilityZone, String cidrBlock, boolean defaultForAz) {}
