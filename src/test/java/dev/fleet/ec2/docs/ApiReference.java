package dev.fleet.ec2.docs;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * docs/api.md, generated from the CRD schemas: every field with its description, type, default and
 * validation. {@code make docs} writes it; ApiReferenceTest fails when it is out of date.
 */
public final class ApiReference {

  private ApiReference() {}

  public static String render(Path crdDir) throws IOException {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try (Stream<Path> files = Files.list(crdDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        crds.add(Serialization.unmarshal(Files.readString(f), CustomResourceDefinition.class));
      }
    }
    StringBuilder md = new StringBuilder("# API reference: ec2.fleet.dev/v1alpha1\n\n"
        + "Generated from the CRDs in `crds/` by `make docs`; do not edit.\n");
    for (CustomResourceDefinition crd : crds) {
      var names = crd.getSpec().getNames();
      var version = crd.getSpec().getVersions().get(0);
      md.append("\n## ").append(names.getKind()).append("\n\n")
          .append("`kubectl get ").append(names.getPlural()).append("` (short name `")
          .append(String.join("`, `", names.getShortNames())).append("`), namespaced.\n\n")
          .append("| field | type | default | validation | description |\n| --- | --- | --- | --- | --- |\n");
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      for (String part : List.of("spec", "status")) {
        JSONSchemaProps schema = root.getProperties().get(part);
        if (schema != null) {
          rows(md, part, schema, root.getRequired() != null && root.getRequired().contains(part));
        }
      }
    }
    return md.toString();
  }

  private static void rows(StringBuilder md, String path, JSONSchemaProps s, boolean required) {
    md.append("| `").append(path).append("` | ").append(type(s)).append(" | ")
        .append(s.getDefault() == null ? "" : "`" + s.getDefault().toString().replace("\"", "") + "`").append(" | ")
        .append(validation(s, required)).append(" | ").append(cell(s.getDescription())).append(" |\n");
    Map<String, JSONSchemaProps> props = s.getProperties() == null ? Map.of() : new TreeMap<>(s.getProperties());
    props.forEach((name, child) -> rows(md, path + "." + name, child,
        s.getRequired() != null && s.getRequired().contains(name)));
    if (s.getItems() != null && s.getItems().getSchema() != null && s.getItems().getSchema().getProperties() != null) {
      new TreeMap<>(s.getItems().getSchema().getProperties()).forEach((name, child) -> rows(md, path + "[]." + name,
          child, s.getItems().getSchema().getRequired() != null && s.getItems().getSchema().getRequired().contains(name)));
    }
  }

  private static String type(JSONSchemaProps s) {
    if ("array".equals(s.getType()) && s.getItems() != null && s.getItems().getSchema() != null) {
      return "[]" + s.getItems().getSchema().getType();
    }
    if ("object".equals(s.getType()) && s.getAdditionalProperties() != null
        && s.getAdditionalProperties().getSchema() != null) {
      return "map[string]" + s.getAdditionalProperties().getSchema().getType();
    }
    return String.valueOf(s.getType());
  }

  private static String validation(JSONSchemaProps s, boolean required) {
    List<String> v = new ArrayList<>();
    if (required) {
      v.add("required");
    }
    if (s.getEnum() != null && !s.getEnum().isEmpty()) {
      v.add("one of " + String.join(", ", s.getEnum().stream().map(e -> e.toString().replace("\"", "")).toList()));
    }
    if (s.getPattern() != null) {
      v.add("pattern `" + s.getPattern() + "`");
    }
    if (s.getMinimum() != null) {
      v.add("min " + s.getMinimum());
    }
    if (s.getMaximum() != null) {
      v.add("max " + s.getMaximum());
    }
    if (s.getMaxItems() != null) {
      v.add("at most " + s.getMaxItems() + " items");
    }
    if (s.getMaxLength() != null) {
      v.add("at most " + s.getMaxLength() + " characters");
    }
    if (s.getItems() != null && s.getItems().getSchema() != null && s.getItems().getSchema().getPattern() != null) {
      v.add("each matches `" + s.getItems().getSchema().getPattern() + "`");
    }
    if (s.getXKubernetesValidations() != null) {
      for (ValidationRule r : s.getXKubernetesValidations()) {
        v.add(r.getMessage() != null ? r.getMessage() : "rule `" + r.getRule() + "`");
      }
    }
    return cell(String.join("; ", v));
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  /** Writes docs/api.md (make docs). */
  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of("docs/api.md"), render(Path.of("crds")));
  }
}
