package dev.fleet.ec2.ec2like;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads ids out of EC2's XML answers and takes items out of them. An item's own id is its direct
 * child ({@code item/instanceId}, {@code item/groupId}): deeper ones are references to other
 * resources (a group's rules name other groups). Answers that do not parse are left alone.
 */
final class Ec2ResponseXml {
  private Ec2ResponseXml() {}

  /** The instances a RunInstances answer launched ({@code instancesSet/item/instanceId}). */
  static List<String> launchedInstanceIds(byte[] answer) {
    List<String> ids = new ArrayList<>();
    parse(answer).ifPresent(doc -> {
      for (Element set : elements(doc, "instancesSet")) {
        for (Element item : children(set, "item")) {
          childText(item, "instanceId").ifPresent(ids::add);
        }
      }
    });
    return ids;
  }

  /** The group a CreateSecurityGroup answer created (its top-level {@code groupId}). */
  static Optional<String> createdGroupId(byte[] answer) {
    return parse(answer).flatMap(doc -> childText(doc.getDocumentElement(), "groupId"));
  }

  /**
   * A DescribeInstances answer without the hidden instances, and without reservations left with no
   * instance; empty when nothing was hidden (the original bytes then go out unchanged).
   */
  static Optional<byte[]> withoutInstances(byte[] answer, Predicate<String> hidden) {
    return parse(answer).flatMap(doc -> {
      boolean changed = false;
      for (Element set : elements(doc, "instancesSet")) {
        changed |= removeItems(set, "instanceId", hidden);
        Node reservation = set.getParentNode();
        if (children(set, "item").isEmpty() && reservation instanceof Element r && "item".equals(r.getTagName())
            && r.getParentNode() instanceof Element rs && "reservationSet".equals(rs.getTagName())) {
          rs.removeChild(r);
        }
      }
      return changed ? Optional.of(write(doc)) : Optional.empty();
    });
  }

  /** A DescribeSecurityGroups answer without the hidden groups; empty when nothing was hidden. */
  static Optional<byte[]> withoutGroups(byte[] answer, Predicate<String> hidden) {
    return parse(answer).flatMap(doc -> {
      boolean changed = false;
      for (Element set : elements(doc, "securityGroupInfo")) {
        changed |= removeItems(set, "groupId", hidden);
      }
      return changed ? Optional.of(write(doc)) : Optional.empty();
    });
  }

  private static boolean removeItems(Element set, String idElement, Predicate<String> hidden) {
    boolean removed = false;
    for (Element item : children(set, "item")) {
      if (childText(item, idElement).filter(hidden).isPresent()) {
        set.removeChild(item);
        removed = true;
      }
    }
    return removed;
  }

  private static List<Element> elements(Document doc, String tag) {
    var nodes = doc.getElementsByTagName(tag); // live: copied before anything is removed
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> list = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && tag.equals(e.getTagName())) {
        list.add(e);
      }
    }
    return list;
  }

  private static Optional<String> childText(Element parent, String tag) {
    return children(parent, tag).stream().findFirst().map(e -> e.getTextContent().trim());
  }

  private static Optional<Document> parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler()); // throws on fatal errors instead of printing them
      return Optional.of(builder.parse(new ByteArrayInputStream(xml)));
    } catch (Exception notXml) {
      return Optional.empty();
    }
  }

  private static byte[] write(Document doc) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException("could not write back an EC2 answer", e);
    }
  }
}
