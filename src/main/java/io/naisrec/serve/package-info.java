/**
 * {@code nais serve}: model folders answering HTTP as the servers users already run do (DJL
 * Serving / TorchServe's {@code /predictions}, KServe's v2 Open Inference Protocol), on Javalin
 * (Jetty 12), with dynamic batching per model, Prometheus metrics and a draining shutdown. The
 * requests and answers are the model's own {@code Input} → {@code Output} contract (package
 * {@code zoo}), typed from the v2 route to the translator and back; this package adds the
 * transport. {@code nais serve} verifies each model folder once, at start-up.
 */
package io.naisrec.serve;
