package dev.fleet.ec2.image;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import dev.fleet.ec2.cloud.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Systems Manager parameters for unit tests: every version kept, every GetParameter recorded. */
public final class InMemoryParameters implements ParameterStore {
  private final Map<String, List<String>> versions = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** A resolver with no parameters at all: for tests whose imageIds are AMI ids (a resolve:ssm: one is not found). */
  public static ImageResolver emptyResolver(dev.fleet.ec2.events.EventRecorder events) {
    return new ImageResolver(new InMemoryParameters(), events, "us-east-1");
  }

  /** PutParameter (with Overwrite): a new version. */
  public InMemoryParameters put(String name, String value) {
    versions.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  /** The names GetParameter was called with, in order. */
  public List<String> asked() {
    return asked;
  }

  @Override
  public Value get(String name) {
    asked.add(name);
    String plain = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    List<String> held = versions.get(plain);
    if (held == null) {
      throw missing("ParameterNotFound", "Parameter " + plain + " not found.");
    }
    if (!name.contains(":")) {
      return new Value(held.get(held.size() - 1), held.size());
    }
    int version = Integer.parseInt(name.substring(name.indexOf(':') + 1));
    if (version > held.size()) {
      throw missing("ParameterVersionNotFound", "Systems Manager could not find version " + version + " of "
          + plain + ".");
    }
    return new Value(held.get(version - 1), version);
  }

  private static CloudException missing(String code, String message) {
    CloudErrorKind kind = Ec2ErrorTable.kindOf(code, 400);
    return new CloudException(kind, "GetParameter", code, message, null);
  }
}
