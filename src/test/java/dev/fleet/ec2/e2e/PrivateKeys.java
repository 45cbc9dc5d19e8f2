package dev.fleet.ec2.e2e;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads what a PEM private key is, as ssh would: an RSA key (PKCS#1, "RSA PRIVATE KEY") by its modulus, an
 * OpenSSH key ("OPENSSH PRIVATE KEY") by the key type its public half names. Enough to tell a real key of the
 * right type from anything else; it checks structure, not cryptography.
 */
final class PrivateKeys {
  private PrivateKeys() {}

  /** The bit length of a PKCS#1 RSA private key's modulus. */
  static int rsaModulusBits(String pem) throws IOException {
    byte[] der = body(pem, "RSA PRIVATE KEY");
    var in = new DataInputStream(new ByteArrayInputStream(der));
    expect(in.readUnsignedByte(), 0x30, "SEQUENCE");
    length(in);
    expect(in.readUnsignedByte(), 0x02, "INTEGER (version)");
    in.skipBytes(length(in));
    expect(in.readUnsignedByte(), 0x02, "INTEGER (modulus)");
    byte[] modulus = new byte[length(in)];
    in.readFully(modulus);
    return new BigInteger(1, modulus).bitLength();
  }

  /** The key type an OpenSSH private key's public half names ("ssh-ed25519", ...). */
  static String openSshKeyType(String pem) throws IOException {
    byte[] raw = body(pem, "OPENSSH PRIVATE KEY");
    byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < magic.length; i++) {
      expect(raw[i], magic[i], "openssh-key-v1 magic");
    }
    var in = new DataInputStream(new ByteArrayInputStream(raw, magic.length, raw.length - magic.length));
    string(in); // cipher name
    string(in); // kdf name
    string(in); // kdf options
    expect(in.readInt(), 1, "one key");
    var publicKey = new DataInputStream(new ByteArrayInputStream(string(in)));
    return new String(string(publicKey), StandardCharsets.US_ASCII);
  }

  private static byte[] body(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new AssertionError("not a PEM " + label);
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }

  private static int length(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    if (first < 0x80) {
      return first;
    }
    int n = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      n = n << 8 | in.readUnsignedByte();
    }
    return n;
  }

  private static byte[] string(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  private static void expect(int actual, int wanted, String what) {
    if (actual != wanted) {
      throw new AssertionError("expected " + what + ", found " + actual);
    }
  }
}
