package model

// How the topic of a gap need was found, as GapNeed.Placed says.
const (
	PlacedGiven    = "given"    // the profile names the topic
	PlacedInferred = "inferred" // read from the need's words
)

// Cover is the member that comes closest to meeting one need, and how
// close it comes.
type Cover struct {
	Resource string  `json:"resource"` // city id
	Name     string  `json:"name"`     // display name
	Score    float64 `json:"score"`    // cover score, 0..1, rounded to 4 decimals
	By       string  `json:"by"`       // "topic" (an offer on the need's topic or sector) or "words" (an offer's text)
	Offer    string  `json:"offer"`    // the capacity, practice or recorded exchange behind it
}

// GapNeed is one challenge of a beneficiary that no member of the network
// covers well: its best cover is below the gap threshold.
type GapNeed struct {
	Beneficiary string `json:"beneficiary"`    // city id
	Name        string `json:"name"`           // display name
	Challenge   int    `json:"challenge"`      // index in the beneficiary's challenges
	Need        string `json:"need"`           // the challenge as written, or its topic's label
	Topic       string `json:"topic"`          // topic id it is grouped under: its strongest topic; "" when placed on none
	Sector      string `json:"sector"`         // sector id of Topic, "" when none
	Placed      string `json:"placed"`         // PlacedGiven or PlacedInferred; "" when placed on no topic
	Best        *Cover `json:"best,omitempty"` // the member that comes closest; nil when nobody's offers meet it at all
}

// Gap is a topic on which needs go uncovered: every gap need placed on it
// and how many beneficiaries share it.
type Gap struct {
	Topic         string    `json:"topic"`             // topic id, "" for the needs placed on no topic
	Label         string    `json:"label"`             // the topic's label
	Sector        string    `json:"sector"`            // sector id, "" when none
	SectorLabel   string    `json:"sector_label"`      // the sector's label
	Beneficiaries int       `json:"beneficiaries"`     // distinct beneficiaries with a gap need on it
	Closest       *Cover    `json:"closest,omitempty"` // the best cover of any of its needs
	Needs         []GapNeed `json:"needs"`             // by beneficiary, then challenge
}

// GapReport is the gap analysis of a network: which needs nobody covers
// well, grouped by topic.
type GapReport struct {
	Threshold     float64 `json:"threshold"`       // a need whose best cover is below it is a gap
	Topic         string  `json:"topic,omitempty"` // only needs on this topic were examined
	Beneficiaries int     `json:"beneficiaries"`   // members whose needs were examined
	Needs         int     `json:"needs"`           // needs examined
	GapNeeds      int     `json:"gap_needs"`       // of those, gaps
	Gaps          []Gap   `json:"gaps"`            // by beneficiaries affected, then needs, then topic id
}

// Unpartnered is a member with challenges that a batch left without a
// partner, and why.
type Unpartnered struct {
	Beneficiary string `json:"beneficiary"`     // city id
	Name        string `json:"name"`            // display name
	Reason      string `json:"reason"`          // why, in words
	Relax       string `json:"relax,omitempty"` // what would change it
}
