package model

// Part is one named component of a score: Contribution = Weight × Value.
type Part struct {
	Value        float64 `json:"value"`        // the part's own measure, 0..1
	Weight       float64 `json:"weight"`       // its weight; the weights of a score sum to 1
	Contribution float64 `json:"contribution"` // Weight × Value, rounded; the parts' contributions sum to the score
}

// Breakdown is a score split into its named parts.
type Breakdown struct {
	Need        Part `json:"need"`
	Reciprocity Part `json:"reciprocity"`
	Context     Part `json:"context"`
	Evidence    Part `json:"evidence"`
	Feasibility Part `json:"feasibility"`
	History     Part `json:"history"`
	Text        Part `json:"text"`
}

// Parts returns the parts in PartNames order.
func (b *Breakdown) Parts() []*Part {
	return []*Part{&b.Need, &b.Reciprocity, &b.Context, &b.Evidence, &b.Feasibility, &b.History, &b.Text}
}

// Total returns the sum of the contributions.
func (b *Breakdown) Total() float64 {
	var s float64
	for _, p := range b.Parts() {
		s += p.Contribution
	}
	return s
}

// Match is one traced link behind a score: an entry of one profile meeting
// an entry of the other.
type Match struct {
	Need         string  `json:"need"`         // the challenge, as written (or its topic label)
	Offer        string  `json:"offer"`        // the capacity or practice that meets it
	Topic        string  `json:"topic"`        // topic id of the need
	Via          string  `json:"via"`          // "same topic" or "same sector: <sector>"
	Contribution float64 `json:"contribution"` // share of the score this link accounts for
}

// WordPair is a need word met by a different offer word of close meaning
// ("trash" ≈ "garbage"), with the cosine of their word vectors.
type WordPair struct {
	Need       string  `json:"need"`
	Offer      string  `json:"offer"`
	Similarity float64 `json:"similarity"`
}

// TextMatch traces the text part for one need: the offer whose words met
// it best, the lexical and semantic similarity, and the words behind them.
type TextMatch struct {
	Need         string     `json:"need"`           // the challenge, as written
	Offer        string     `json:"offer"`          // the capacity, practice or recorded exchange that met it
	Lexical      float64    `json:"lexical"`        // TF-IDF cosine of the two texts, 0..1
	Semantic     float64    `json:"semantic"`       // word-by-word alignment on word vectors, 0..1
	Similarity   float64    `json:"similarity"`     // the mix of the two the score uses
	Shared       []string   `json:"shared"`         // words both texts use
	Near         []WordPair `json:"near,omitempty"` // need words met by words of close meaning
	Note         string     `json:"note,omitempty"` // such as why the semantic half had nothing to go on
	Contribution float64    `json:"contribution"`   // share of the score this link accounts for
}

// Component is one ingredient of a composite part (context or
// feasibility): its value, its weight inside the part, and where it comes
// from.
type Component struct {
	Part   string  `json:"part"`   // the part it belongs to: context or feasibility
	Name   string  `json:"name"`   // such as "language" or "size"
	Value  float64 `json:"value"`  // 0..1
	Weight float64 `json:"weight"` // its weight inside the part; a part's weights sum to 1
	Source string  `json:"source"` // the profile facts behind it
}

// Candidate is one resource city in a shortlist.
type Candidate struct {
	Rank        int         `json:"rank"`                 // 1-based position in the shortlist
	Resource    string      `json:"resource"`             // city id
	Name        string      `json:"name"`                 // display name
	Country     string      `json:"country"`              // ISO 3166-1 alpha-2
	Development Development `json:"development"`          // the resource's development level
	Score       float64     `json:"score"`                // sum of the parts' contributions, 0..1
	Parts       Breakdown   `json:"parts"`                // the score's named parts
	Reasons     []string    `json:"reasons"`              // plain-language explanation, most important first
	Matches     []Match     `json:"matches,omitempty"`    // needs met, traced to profile entries
	Text        []TextMatch `json:"text,omitempty"`       // needs met in words, traced to the words that matched
	FlowsBack   []Match     `json:"flows_back,omitempty"` // what the beneficiary offers back
	Against     []string    `json:"against,omitempty"`
	Components  []Component `json:"components,omitempty"` // what counts against the pair
	Pinned      bool        `json:"pinned"`               // kept by a secretariat pin
	Promoted    int         `json:"promoted"`             // rank by score before the quota moved it up; 0 when not moved
}

// Quota states the developing-city quota of a shortlist and whether it holds.
type Quota struct {
	Share    float64 `json:"share"`    // required share of developing or least-developed candidates
	Required int     `json:"required"` // how many that is in this shortlist
	Met      bool    `json:"met"`      // whether the shortlist holds at least Required
	Note     string  `json:"note"`     // how it was met, or why not
}

// Shortlist is the ranked, explained list of resource candidates for one
// beneficiary.
type Shortlist struct {
	Beneficiary string      `json:"beneficiary"` // city id
	Name        string      `json:"name"`        // display name
	Parameters  *Parameters `json:"parameters"`  // the engine parameters that produced it; nil when read back from a stored run, which keeps them once for all its shortlists
	Needs       []string    `json:"needs"`       // the needs considered, as topic labels
	Quota       Quota       `json:"quota"`
	Candidates  []Candidate `json:"candidates"`
	Qualified   int         `json:"qualified"`            // candidates that passed every hard rule
	Developing  int         `json:"qualified_developing"` // of those, developing or least-developed cities
	// Nearest, when no candidate qualifies, names the offers of other
	// members whose words come closest to the needs, whatever the rules.
	Nearest []NearOffer `json:"nearest,omitempty"`
	// Gaps are the needs considered that nobody in the network covers
	// well, each with the member that comes closest.
	Gaps []GapNeed `json:"gaps,omitempty"`
}

// NearOffer is a member's offer close in words to a beneficiary's need,
// with why the member is not a candidate.
type NearOffer struct {
	Resource string    `json:"resource"` // city id
	Name     string    `json:"name"`
	Match    TextMatch `json:"match"`
	Excluded string    `json:"excluded"` // the hard rule that keeps it out
}
