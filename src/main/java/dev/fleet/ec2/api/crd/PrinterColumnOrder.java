package dev.fleet.ec2.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a generated CRD's printer columns in the order its Java type declares them. Fabric8's CRD generator
 * sorts them by JSON path, so {@code kubectl get} would print AGE first; kubectl's own kinds print identity
 * and state first and AGE last, and so do ours. The YAML is rewritten as text, moving whole column entries
 * and nothing else, so the file stays byte for byte what the generator wrote apart from their order.
 */
public final class PrinterColumnOrder {
  private static final Pattern COLUMNS_KEY = Pattern.compile("^(\\s*)(- )?additionalPrinterColumns:\\s*$");
  private static final Pattern NAME = Pattern.compile("^\\s*(?:- )?name:\\s*\"?(.*?)\"?\\s*$");

  private PrinterColumnOrder() {}

  /** The column names in the order the type's {@code @AdditionalPrinterColumn} annotations are written. */
  public static List<String> declared(Class<?> type) {
    return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
  }

  /** The column names of every version of the CRD, as the file lists them. */
  public static List<List<String>> columns(String crdYaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(crdYaml, CustomResourceDefinition.class);
    return crd.getSpec().getVersions().stream().map(v -> v.getAdditionalPrinterColumns() == null ? List.<String>of()
        : v.getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList()).toList();
  }

  /** The kind a CRD file defines. */
  public static String kind(String crdYaml) {
    return Serialization.unmarshal(crdYaml, CustomResourceDefinition.class).getSpec().getNames().getKind();
  }

  /**
   * The CRD with every version's printer columns in {@code order}.
   *
   * @throws IllegalStateException when the file's columns are not exactly those named, or the text is not laid
   *     out as expected: the build fails rather than publish columns in an order nobody chose
   */
  public static String reorder(String crdYaml, List<String> order) {
    List<String> lines = new ArrayList<>(List.of(crdYaml.split("\n", -1)));
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = COLUMNS_KEY.matcher(lines.get(i));
      if (key.matches()) {
        // the entries are indented by the key's own indent, plus two when the key opens a list item
        String indent = key.group(1) + (key.group(2) == null ? "" : "  ");
        reorderBlock(lines, i + 1, indent, order);
      }
    }
    String result = String.join("\n", lines);
    for (List<String> version : columns(result)) {
      if (!version.equals(order)) {
        throw new IllegalStateException("printer columns " + version + " after reordering, expected " + order);
      }
    }
    return result;
  }

  /** Sorts the list entries starting at {@code from} (each "indent- " line and the deeper ones after it). */
  private static void reorderBlock(List<String> lines, int from, String indent, List<String> order) {
    Map<String, List<String>> entries = new HashMap<>();
    List<String> entry = null;
    for (int i = from; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith(indent + "- ")) {
        add(entries, entry);
        entry = new ArrayList<>();
      } else if (entry == null || !line.startsWith(indent + "  ")) {
        break;
      }
      entry.add(line);
    }
    add(entries, entry);
    if (!entries.keySet().equals(Set.copyOf(order)) || entries.size() != order.size()) {
      throw new IllegalStateException("printer columns " + entries.keySet() + " in the CRD, but the type declares "
          + order);
    }
    List<String> sorted = new ArrayList<>();
    order.forEach(name -> sorted.addAll(entries.get(name)));
    for (int i = 0; i < sorted.size(); i++) {
      lines.set(from + i, sorted.get(i));
    }
  }

  private static void add(Map<String, List<String>> entries, List<String> entry) {
    if (entry == null) {
      return;
    }
    String name = entry.stream().map(NAME::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst()
        .orElseThrow(() -> new IllegalStateException("a printer column without a name: " + entry));
    if (entries.put(name, entry) != null) {
      throw new IllegalStateException("two printer columns named " + name);
    }
  }
}
