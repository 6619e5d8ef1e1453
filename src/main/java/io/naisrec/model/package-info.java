/**
 * Recommendation models. {@link io.naisrec.model.ModelKind} names the trained ones ({@code fism},
 * {@code nais-prod}, {@code nais-concat}, {@code ease}) and makes their blocks from a
 * {@link io.naisrec.model.ItemSimilarityConfig}: {@link io.naisrec.model.FismBlock} and
 * {@link io.naisrec.model.NaisBlock}, and {@link io.naisrec.model.EaseBlock} (EASE^R, fitted in
 * closed form from an {@link io.naisrec.model.EaseConfig}: O(items³) time, items² memory; its
 * weights B_ji in the same form, so that it ranks, explains and serves as the others do): DJL
 * blocks over padded batches (training; not EASE) and over
 * {@link io.naisrec.model.RaggedHistory ragged} batches of users (inference). Every model scores
 * candidate items for a user from the user's training history through
 * {@link io.naisrec.model.ItemScorer}; higher is better. A recommendation's explanation is each
 * history item j's weight a_ij and its contribution n^−α a_ij (p_i · q_j) to the score (EASE:
 * B_ji). {@link io.naisrec.model.EaseFactors} turns EASE's B into a FISM of embedding size D
 * (B's rank-D factors), the starting point of {@code train --pretrain ease}.
 *
 * <p>Inference has one path, {@link io.naisrec.model.RaggedRanking}: scores of the catalogue, of
 * shared or per-user targets, top K exactly or in two stages (any
 * {@link io.naisrec.model.FirstStage}, e.g. {@link io.naisrec.model.FismCandidates}, feeds
 * {@link io.naisrec.model.RaggedRanking#twoStage}), and similar items, every pass bounded by one
 * chunk size. Evaluation's per-user scorers ({@link io.naisrec.model.BlockScorer},
 * {@link io.naisrec.model.TwoStageScorer}), the attention analysis and the zoo's blocks (and so
 * recommendation, serving and the Spark job) all call it. {@link io.naisrec.model.MemoryBudget}
 * sizes training passes and scoring chunks from a memory budget ({@code --max-memory}).
 *
 * <p>Baselines: {@link io.naisrec.model.ItemPopularity} ranks by training popularity;
 * {@link io.naisrec.model.ItemKnn} is classic item-based collaborative filtering, the method NAIS
 * improves on: score(u, i) = Σ_{j ∈ history(u)} sim(i, j), with sim the cosine between the binary
 * user vectors of i and j, optionally kept only for each target's N nearest neighbours.
 */
package io.naisrec.model;
