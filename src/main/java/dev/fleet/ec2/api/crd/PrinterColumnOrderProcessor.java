package dev.fleet.ec2.api.crd;

import dev.fleet.ec2.api.v1alpha1.ApiGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * A build step, not part of the operator: rewrites the CRDs Fabric8's generator wrote with their printer columns
 * in declared order ({@link PrinterColumnOrder}). Neither the generator's Maven plugin (no post-processor option)
 * nor the plugins available offline can run code after it, but javac can: the pom runs a second, processing-only
 * compilation of one trivial source in process-classes, after the generator, with this processor and
 * {@code -Acrd.dir=<the generator's output directory>}. An error fails that compilation, and so the build.
 */
@SupportedAnnotationTypes("*")
@SupportedOptions(PrinterColumnOrderProcessor.CRD_DIR)
public final class PrinterColumnOrderProcessor extends AbstractProcessor {
  static final String CRD_DIR = "crd.dir";
  private boolean done;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (done) {
      return false;
    }
    done = true;
    String dir = processingEnv.getOptions().get(CRD_DIR);
    try {
      if (dir == null) {
        throw new IllegalStateException("option -A" + CRD_DIR + " is missing");
      }
      int rewritten = rewriteAll(Path.of(dir));
      processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, "printer columns in declared order in "
          + rewritten + " CRD(s) under " + dir);
    } catch (IOException | RuntimeException | ClassNotFoundException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot order the printer columns of the CRDs"
          + " in " + dir + ": " + e);
    }
    return false;
  }

  /** Rewrites every CRD file of the directory; how many there were. */
  static int rewriteAll(Path dir) throws IOException, ClassNotFoundException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no CRDs (*.yml) in " + dir);
    }
    for (Path file : files) {
      String yaml = Files.readString(file);
      // each kind's class is named as the kind, in the package of the API group
      Class<?> type = Class.forName(ApiGroup.class.getPackageName() + "." + PrinterColumnOrder.kind(yaml), false,
          PrinterColumnOrderProcessor.class.getClassLoader());
      String ordered = PrinterColumnOrder.reorder(yaml, PrinterColumnOrder.declared(type));
      if (!ordered.equals(yaml)) {
        Files.writeString(file, ordered);
      }
    }
    return files.size();
  }
}
