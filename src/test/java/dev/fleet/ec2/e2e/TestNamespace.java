package dev.fleet.ec2.e2e;

/** The fresh namespace one end-to-end test runs in. */
public record TestNamespace(String name) {}
