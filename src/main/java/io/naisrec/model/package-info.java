/**
 * Recommendation models. Every model scores candidate items for a user from the user's training
 * history through {@link io.naisrec.model.ItemScorer}; higher is better.
 *
 * <p>Baselines: {@link io.naisrec.model.ItemPopularity} ranks by training popularity;
 * {@link io.naisrec.model.ItemKnn} is classic item-based collaborative filtering, the method NAIS
 * improves on: score(u, i) = Σ_{j ∈ history(u)} sim(i, j), with sim the cosine between the binary
 * user vectors of i and j, optionally kept only for each target's N nearest neighbours.
 */
package io.naisrec.model;
