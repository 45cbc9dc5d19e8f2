package dev.fleet.ec2.cloud;

/**
 * What CreateKeyPair answers: the key pair, and its private key, which EC2 gives once and never again. The
 * private key goes to one Secret and nowhere else: {@link #toString} leaves it out, so no log or message can
 * carry it by accident.
 *
 * @param privateKeyPem PEM (PKCS#1 for rsa, OpenSSH for ed25519), as EC2 returns it
 */
public record CreatedKeyPair(ObservedKeyPair pair, String privateKeyPem) {

  @Override
  public String toString() {
    return "CreatedKeyPair[" + pair + ", privateKeyPem=(not shown)]";
  }
}
