// Package text is the text space of the matching engine: it turns the free
// text of challenges, capacities and practices into terms, weighted sparse
// vectors and topic weights, and says why.
//
// # Analysis
//
// [Analyze] lower-cases, tokenises, drops English stop words and stems with
// the English Snowball stemmer (github.com/kljensen/snowball). The rules are
// those of [Analyzer.Tokens]. Stems are memoised in a bounded,
// concurrency-safe cache.
//
// # Vectors
//
// A [Model] weights term lists as sparse [Vector]s, either with
// scikit-learn's default TF-IDF
//
//	idf(t) = ln((1+n)/(1+df_t)) + 1,  w = tf·idf,  L2-normalised
//
// or with Okapi BM25 at Lucene's defaults (k1 = 1.2, b = 0.75)
//
//	idf(t) = ln(1 + (n−df_t+0.5)/(df_t+0.5)),  w = idf·tf·(k1+1)/(tf + k1·(1−b+b·len/avglen)),  L2-normalised
//
// so that the dot product of two vectors is their cosine.
//
// # Topics
//
// A [PhraseIndex] finds the phrases of a taxonomy in analysed text, and an
// [Inferrer] turns a text into at most three weighted topics with the
// evidence a user can check; see [Inferrer.Infer] for the rules.
//
// The package does no I/O.
package text
