/**
 * Evaluation by the NCF leave-one-out protocol: the held-out item of each user is ranked among
 * itself and its evaluation negatives (or, with full ranking, among every item outside the user's
 * training history). Ties count against the held-out item: its 0-based rank is the number of
 * other candidates scoring at least as high. HR@K is 1 when rank &lt; K; NDCG@K is
 * 1/log2(rank + 2) when rank &lt; K, else 0; both are averaged over the users with a test item.
 * {@link io.naisrec.eval.AttentionAnalysis} looks at where a NAIS model's attention goes;
 * {@link io.naisrec.eval.ContributionSpread} measures how much explanations (each history
 * item's contribution to the score) discriminate; {@link io.naisrec.eval.EaseSelection} chooses
 * EASE's λ on a validation split. Uses
 * data and model only: training lives in {@code train}.
 */
package io.naisrec.eval;
