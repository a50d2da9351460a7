// Package match is the c2c engine: it places every profile in a shared topic
// space, scores beneficiary–resource pairs as sums of named parts, ranks
// them under hard rules and the developing-city quota, and explains every
// number.
//
// # Vectors
//
// Each challenge, capacity and practice is placed on topics of the
// taxonomy: the topic it gives, or the topics its words point to (package
// match/text: taxonomy phrases such as "BRT", "busway" or "the market
// floods", with a TF-IDF fallback). Each city then has
//
//	n[t]  need:     max over its challenges on t of severity/5 · topic weight
//	d[t]  offer:    max over its capacities (level/5) and practices (0.8, 1 with outcomes) on t
//	õ[t]  offer with sector credit: max(d[t], SectorCredit · best d[t'] of t's sector)
//	E[t]  evidence: max over its practices on t of their maturity, and 0.6 (0.8 from the
//	                pilot stage on) for each recorded exchange on t it was the resource of
//	L[t]  low cost: max over its practices on t of 1 (low cost), 0.5 (medium), halved when
//	                the practice has run less than two years
//
// The offer, evidence and low-cost vectors of all cities are kept by topic
// in compressed rows (only the cities with a nonzero entry), and the
// normalised needs ñ both by city and by topic (compressed columns), so
// that one beneficiary's topic parts against every resource are a handful
// of sparse scaled sums over its few need topics — blocked one beneficiary
// at a time, never holding the N×N score matrix.
//
// Every need and offer text is also analysed for the text part: TF-IDF
// weights of its stems and, through English word vectors, its words of
// close meaning, in inverted lists over the offer documents (see textIndex
// in textsim.go).
//
// # Score
//
// The score of resource r for beneficiary b is the weighted sum of seven
// parts, each in [0,1], with weights that sum to 1 (DefaultWeights):
//
//	score = Σ_p w_p · part_p
//
//	need        = Σ_t n_b[t]·õ_r[t] / Σ_t n_b[t]        share of b's severity-weighted needs r covers
//	reciprocity = Σ_t n_r[t]·õ_b[t] / Σ_t n_r[t]        share of r's needs b covers (a reward, never a veto)
//	context     = mix of development similarity, size similarity, same region, and
//	              Σ_t a_t·L_r[t] (tested low-cost practices); the low-cost share grows
//	              for developing and least-developed beneficiaries (contextWeights)
//	evidence    = Σ_t a_t·E_r[t]                          a_t = n_b[t]/Σ n_b
//	feasibility = mix of shared language, closeness, recorded commitment, hosting
//	history     = continuity of past exchanges (preferring continued partnerships), or its complement
//	              (preferring new partners)
//	text        = Σ_i a_i · max_{o of r} sim(i, o)       a_i = severity_i/Σ severity over b's challenges i;
//	              sim mixes the TF-IDF cosine of the two texts with the alignment of each need word
//	              to its closest offer word in the word-vector space (textIndex)
//
// Every printed number is rounded to 4 decimals, and the rounded
// contributions sum exactly to the printed score.
//
// # Parameters
//
// The user's choices are model.Parameters (model.PairingParameters for a
// pairing); their weights are a model.Weights, indexed by model.PartID in
// model.PartNames order. Every entry point scores with the Normalized copy
// and records the parameters it was given in its result. The reference
// year is given to NewEngine; Parameters.Year, when set, must be that year
// (else EINVALID keyed year), and the engine never sets it.
//
// # Hard rules and quota
//
// A pair is never recommended when it is the city itself, two cities of one
// country (unless allowed), blocked by the secretariat, or when the resource
// covers none of the needs. Pinned pairs always appear. At least
// ceil(quota·k) of the top k are developing or least-developed cities when
// that many qualify, enforced at every prefix by FA*IR's greedy with a hard
// floor (QuotaTable), which moves a candidate up only as far as needed and
// records from which rank.
//
// # Gaps
//
// Engine.Gaps finds the needs no member covers well: the cover of need i of
// beneficiary b is max over the other members j of max(max_t w_i[t]·õ_j[t],
// the text similarity of j's best offer to i), and i is a gap when its
// cover is below GapThreshold (or the threshold asked). Gap needs are grouped
// by topic and ranked by the beneficiaries that share them (GroupGaps);
// every shortlist lists its own, and Engine.Unpartnered says why a batch
// left each member with challenges without a partner.
//
// Results are deterministic: ties break by city id, and parallel batches
// emit in input order.
package match
