/**
 * The {@code nais} command line (picocli): {@code data stats}, {@code data generate},
 * {@code train}, {@code evaluate}, {@code recommend}, {@code similar}, {@code export},
 * {@code analyze attention}, {@code analyze contributions}, {@code bench},
 * {@code bench serve}, {@code serve} (package {@code serve} over HTTP), {@code notebook run},
 * and {@code kernel install} / {@code kernel run} (package {@code notebook}'s Jupyter kernel). The commands translate options into the
 * library's settings and call it; they hold no model logic. Exit codes: 0 ok, 2 bad arguments
 * or bad data (one line on stderr, no stack trace), 1 a diverged run or an internal error (one
 * line too). With {@code --json} the last line on stdout is one JSON object.
 */
package io.naisrec.cli;
