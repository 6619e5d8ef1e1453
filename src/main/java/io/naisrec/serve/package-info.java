/**
 * {@code nais serve}: model folders answering HTTP as the servers users already run do (DJL
 * Serving / TorchServe's {@code /predictions}, KServe's v2 Open Inference Protocol), on Javalin
 * (Jetty 12), with dynamic batching per model, Prometheus metrics and a draining shutdown. The
 * requests and answers are the model's own {@code Input} → {@code Output} contract (package
 * {@code zoo}), typed from the v2 route to the translator and back; this package adds the
 * transport. {@code nais serve} verifies each model folder once, at start-up. A model is swapped
 * to another folder while serving ({@link io.naisrec.serve.ManagementApi}'s {@code PUT
 * /models/{name}} on a listener of its own, 127.0.0.1 by default, or SIGHUP through
 * {@link io.naisrec.serve.HangupSignal}): the new {@code ModelVersion} is
 * loaded and checked beside the old, requests move to it, and the old one is closed once its
 * workers have finished what they hold.
 */
package io.naisrec.serve;
