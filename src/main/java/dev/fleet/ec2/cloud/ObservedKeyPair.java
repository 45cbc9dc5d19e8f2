package dev.fleet.ec2.cloud;

import java.util.Map;

/**
 * One EC2 key pair as DescribeKeyPairs reports it (with its public key): never the private key.
 *
 * @param keyType rsa or ed25519
 * @param publicKey the OpenSSH public key line, when EC2 gave it
 */
public record ObservedKeyPair(String keyPairId, String keyName, String keyType, String fingerprint, String publicKey,
    Map<String, String> tags) {

  public ObservedKeyPair {
    tags = Map.copyOf(tags);
  }
}
