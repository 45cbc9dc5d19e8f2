package dev.fleet.ec2.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template resolved as CloudFormation would for given parameters, for the intrinsics the
 * AWS-side template uses (Ref, Fn::Sub, Fn::GetAtt, Fn::If, Fn::Join and the condition functions): so that a
 * test can read the policy, trust and queue policy a stack would get, without AWS. {@code AWS::NoValue} drops the
 * property or list element, as CloudFormation does. Anything else fails the test rather than being guessed.
 */
final class TemplateValues {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
  private static final JsonNode NO_VALUE = MissingNode.getInstance();
  private final JsonNode template;
  private final Map<String, JsonNode> refs = new HashMap<>();
  private final Map<String, String> attributes;

  /**
   * @param parameters values by name (a String, or a List for a CommaDelimitedList), over the defaults
   * @param attributes Fn::GetAtt values by "Resource.Attribute", and a resource's Ref by its name
   */
  TemplateValues(JsonNode template, String partition, String region, String account, Map<String, Object> parameters,
      Map<String, String> attributes) {
    this.template = template;
    this.attributes = attributes;
    template.get("Parameters").fields().forEachRemaining(p -> {
      Object value = parameters.containsKey(p.getKey()) ? parameters.get(p.getKey())
          : p.getValue().path("Default").isMissingNode() ? null : p.getValue().get("Default").asText();
      if (value == null) {
        throw new IllegalArgumentException("parameter " + p.getKey() + " has no default: give it");
      }
      boolean list = "CommaDelimitedList".equals(p.getValue().get("Type").asText());
      List<?> values = value instanceof List<?> l ? l : List.of(((String) value).split(",", -1));
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      values.forEach(v -> array.add(String.valueOf(v)));
      refs.put(p.getKey(), list ? array : TextNode.valueOf(String.valueOf(value)));
    });
    refs.put("AWS::Partition", TextNode.valueOf(partition));
    refs.put("AWS::Region", TextNode.valueOf(region));
    refs.put("AWS::AccountId", TextNode.valueOf(account));
    refs.put("AWS::NoValue", NO_VALUE);
  }

  static JsonNode read(Path file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }

  /** A resource's property, resolved; fails if the resource's Condition leaves it out. */
  JsonNode property(String resource, String property) {
    JsonNode r = template.get("Resources").get(resource);
    if (r.has("Condition") && !condition(r.get("Condition").asText())) {
      throw new IllegalStateException(resource + " is not created for these parameters");
    }
    return resolve(r.get("Properties").get(property));
  }

  boolean condition(String name) {
    return truth(template.get("Conditions").get(name));
  }

  private boolean truth(JsonNode c) {
    var f = c.fields().next();
    JsonNode args = f.getValue();
    return switch (f.getKey()) {
      case "Condition" -> condition(args.asText());
      case "Fn::Equals" -> resolve(args.get(0)).equals(resolve(args.get(1)));
      case "Fn::Not" -> !truth(args.get(0));
      case "Fn::And" -> { boolean all = true; for (JsonNode a : args) { all &= truth(a); } yield all; }
      case "Fn::Or" -> { boolean any = false; for (JsonNode a : args) { any |= truth(a); } yield any; }
      default -> throw new IllegalStateException("not a condition function: " + f.getKey());
    };
  }

  JsonNode resolve(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> {
        JsonNode v = resolve(e);
        if (!v.isMissingNode()) {
          out.add(v);
        }
      });
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1) {
      var f = node.fields().next();
      JsonNode a = f.getValue();
      switch (f.getKey()) {
        case "Ref" -> { return ref(a.asText()); }
        case "Fn::GetAtt" -> { return TextNode.valueOf(attribute(a.get(0).asText() + "." + a.get(1).asText())); }
        case "Fn::Sub" -> { return TextNode.valueOf(sub(a.asText())); }
        case "Fn::If" -> { return resolve(condition(a.get(0).asText()) ? a.get(1) : a.get(2)); }
        case "Fn::Join" -> {
          List<String> parts = new java.util.ArrayList<>();
          resolve(a.get(1)).forEach(p -> parts.add(p.asText()));
          return TextNode.valueOf(String.join(a.get(0).asText(), parts));
        }
        default -> {
          if (f.getKey().startsWith("Fn::")) {
            throw new IllegalStateException("intrinsic not resolved by this test: " + f.getKey());
          }
        }
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    node.fields().forEachRemaining(f -> {
      JsonNode v = resolve(f.getValue());
      if (!v.isMissingNode()) {
        out.set(f.getKey(), v);
      }
    });
    return out;
  }

  private JsonNode ref(String name) {
    JsonNode v = refs.get(name);
    if (v == null && attributes.containsKey(name)) { // a resource's Ref, given like its attributes
      return TextNode.valueOf(attributes.get(name));
    }
    if (v == null) {
      throw new IllegalStateException("Ref to " + name + ": no such parameter, and no value given for the resource");
    }
    return v;
  }

  private String attribute(String name) {
    String v = attributes.get(name);
    if (v == null) {
      throw new IllegalStateException("no value given for Fn::GetAtt " + name);
    }
    return v;
  }

  private String sub(String s) {
    Matcher m = VARIABLE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = name.contains(".") && !name.startsWith("AWS::") ? attribute(name) : ref(name).asText();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().replace("${!", "${");
  }
}
