package dev.fleet.ec2.ec2like;

import java.util.List;
import java.util.Map;

/** A client's request as read off the wire, body included, so that it can be looked at and then forwarded. */
record IncomingRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {}
