package text

// englishStopWords are the words Analyze drops: the Snowball English list
// (function words, pronouns, auxiliaries), the same contractions written
// without their apostrophe (the tokeniser joins "don't" into "dont"), a few
// more function words common in profile text ("also", "would", "via", "etc")
// and the indefinite pronouns ("nobody", "something"). Content words stay,
// even very common ones such as "city", "public", "well" or "open": a water
// well and open burning are topics, and TF-IDF already discounts words that
// are everywhere.
var englishStopWords = []string{
	// Snowball English.
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "as", "at", "be", "because", "been", "before",
	"being", "below", "between", "both", "but", "by", "can", "did", "do",
	"does", "doing", "don", "down", "during", "each", "few", "for", "from",
	"further", "had", "has", "have", "having", "he", "her", "here", "hers",
	"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
	"it", "its", "itself", "just", "me", "more", "most", "my", "myself",
	"no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "s", "same",
	"she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "will", "with", "you", "your", "yours", "yourself",
	"yourselves",
	// Contractions, apostrophe removed, and their leftovers.
	"aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt",
	"hasnt", "havent", "hes", "im", "isnt", "ive",
	"lets", "shes", "shouldnt", "thats", "theres", "theyre", "theyve",
	"wasnt", "werent", "weve", "whats", "wont", "wouldnt", "youre",
	"youve", "d", "ll", "m", "re", "ve",
	// More function words.
	"also", "although", "among", "another", "around", "could", "either",
	"else", "etc", "ever", "every", "however", "may", "might", "much",
	"must", "neither", "often", "onto", "per", "quite", "rather", "shall",
	"since", "still", "though", "thus", "upon", "us", "via", "whether",
	"within", "without", "would", "yet",
	// Indefinite pronouns.
	"anybody", "anyone", "anything", "everybody", "everyone", "everything",
	"nobody", "none", "nothing", "somebody", "someone", "something",
}

// EnglishStopWords returns a copy of the stop words the default analyzer
// drops (about 200 English function words).
func EnglishStopWords() []string {
	return append([]string(nil), englishStopWords...)
}
