/**
 * Empty on purpose: javac runs annotation processors only when it is given a source, and this is the source of
 * the processing-only compilation that puts the generated CRDs' printer columns in declared order
 * (dev.fleet.ec2.api.crd.PrinterColumnOrderProcessor; see pom.xml).
 */
final class OrderCrdPrinterColumns {}
