package dev.fleet.ec2.cloud;

/** Who STS says the operator is with some credentials: the account id and the identity's ARN. */
public record CallerIdentity(String accountId, String arn) {}
