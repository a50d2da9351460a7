package model

// Pairing is a seating plan for a workshop or a pairing cycle: every
// beneficiary assigned to resource cities so that none hosts more than it
// can, with the totals, the partly served, the unserved and the load of
// every resource. Every beneficiary is fully served, partly served (fewer
// partners than wanted) or unserved:
//
//	FullyServed + len(Partial) + len(Unserved) == Beneficiaries
//	Served == FullyServed + len(Partial)
type Pairing struct {
	Parameters      *PairingParameters `json:"parameters"`                 // the parameters that produced it; nil when read back from a stored run
	Objective       string             `json:"objective"`                  // what was optimised, in words
	TotalScore      float64            `json:"total_score"`                // sum of the pairs' scores
	Served          int                `json:"served"`                     // beneficiaries with at least one partner, partly served included
	FullyServed     int                `json:"fully_served"`               // beneficiaries with every partner they wanted
	Beneficiaries   int                `json:"beneficiaries"`              // beneficiaries taking part
	Pairs           []PairingPair      `json:"pairs"`                      // by beneficiary, then resource
	Partial         []Partial          `json:"partial"`                    // served beneficiaries with fewer partners than wanted, by beneficiary
	Unserved        []Unserved         `json:"unserved"`                   // by beneficiary
	Load            []Load             `json:"load"`                       // by resource
	Clusters        []Cluster          `json:"clusters,omitempty"`         // tables of beneficiaries sharing a resource and a topic
	DevelopingShort []string           `json:"developing_short,omitempty"` // served beneficiaries below the requested developing partners
	PinConflicts    []string           `json:"pin_conflicts,omitempty"`    // pins set aside because their resource cannot host them all, in words
}

// PairingPair is one beneficiary–resource pair of a Pairing.
type PairingPair struct {
	Beneficiary string  `json:"beneficiary"`       // city id
	Resource    string  `json:"resource"`          // city id
	Score       float64 `json:"score"`             // the pair's shortlist score
	Topic       string  `json:"topic"`             // topic id of the strongest need it meets
	Cluster     string  `json:"cluster,omitempty"` // id of its cluster table, when clustered
	Table       string  `json:"table,omitempty"`   // name of its cluster table in words, when clustered
	Pinned      bool    `json:"pinned,omitempty"`  // kept by a secretariat pin
	Developing  bool    `json:"developing"`        // the resource is a developing or least-developed city
}

// Unserved is a beneficiary the pairing could not serve, and why.
type Unserved struct {
	Beneficiary string `json:"beneficiary"`     // city id
	Reason      string `json:"reason"`          // why, in words
	Relax       string `json:"relax,omitempty"` // what relaxing which rule would change
}

// Partial is a beneficiary the pairing served with fewer partners than it
// wanted, and why the others could not be seated.
type Partial struct {
	Beneficiary string `json:"beneficiary"`     // city id
	Partners    int    `json:"partners"`        // partners it got, 1 ≤ Partners < Wanted
	Wanted      int    `json:"wanted"`          // partners it wanted
	Reason      string `json:"reason"`          // why no more, in words
	Relax       string `json:"relax,omitempty"` // what relaxing which rule would change
}

// Load is how many beneficiaries a resource hosts against its capacity.
type Load struct {
	Resource string `json:"resource"` // city id
	Hosted   int    `json:"hosted"`
	Capacity int    `json:"capacity"`
}

// Cluster is one table of a multilateral exchange: beneficiaries assigned
// to the same resource whose pairs' strongest matched needs share a sector.
// Each pair sits at the table of the sector of its own topic.
type Cluster struct {
	ID       string          `json:"id"`       // "<resource>/<sector>"
	Name     string          `json:"name"`     // the table in words: "<resource name>: <sector label>"
	Resource string          `json:"resource"` // city id
	Sector   string          `json:"sector"`   // the common sector id
	Label    string          `json:"label"`    // the sector's label
	Topic    string          `json:"topic"`    // the topic of the sector contributing most to the table
	Members  []ClusterMember `json:"members"`  // by beneficiary id
}

// ClusterMember is one beneficiary at a cluster table, with the needs the
// table addresses.
type ClusterMember struct {
	Beneficiary string   `json:"beneficiary"` // city id
	Needs       []string `json:"needs"`       // its matched needs in the table's sector, strongest first, as written
}
