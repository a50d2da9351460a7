package cmdline

import (
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/pairing"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// EngineFlags are the flags every scoring command shares.
func EngineFlags() []cli.Flag {
	d := match.DefaultParameters()
	return []cli.Flag{
		&cli.StringFlag{Name: "topic", Usage: "consider only the needs on `TOPIC` (c2c topics lists them)"},
		&cli.Float64Flag{Name: "quota", Value: d.Quota, Usage: "minimum `SHARE` of developing or least-developed candidates in every top-k"},
		&cli.StringFlag{Name: "weights", Usage: "part `WEIGHTS` such as need=0.5,reciprocity=0.1 (parts: " + strings.Join(model.PartNames, ", ") + "; relative, normalised to sum 1)"},
		&cli.StringFlag{Name: "weights-file", Usage: "read part weights from `FILE` (one part=weight per line, # comments); --weights applies on top", TakesFile: true},
		&cli.StringFlag{Name: "prefer", Value: string(d.Prefer), Usage: "`continue` live partnerships or prefer `new` partners"},
		&cli.BoolFlag{Name: "allow-same-country", Usage: "allow pairs of cities in the same country"},
		&cli.IntFlag{Name: "year", DefaultText: "this year", Usage: "reference `YEAR` for how long practices have run, 1900 to 2100; fix it to reproduce a run"},
	}
}

// Parameters reads the engine flags of c (EngineFlags, and TopFlag where
// the command has it), the reference year included (--year, else this
// year): the engine is built for p.Year. --weights applies on top of
// --weights-file; the weights are normalised.
func Parameters(c *cli.Context) (model.Parameters, error) {
	p := match.DefaultParameters()
	if c.IsSet("top") {
		p.Top = c.Int("top")
	}
	if y := c.Int("year"); c.IsSet("year") && (y < MinYear || y > MaxYear) {
		return p, Usagef(c, "--year %d: expected a year between %d and %d", y, MinYear, MaxYear)
	}
	p.Year = ReferenceYear(c)
	p.Topic = c.String("topic")
	p.Quota = c.Float64("quota")
	p.Prefer = model.Prefer(c.String("prefer"))
	p.AllowSameCountry = c.Bool("allow-same-country")
	if f := c.String("weights-file"); f != "" {
		raw, err := os.ReadFile(f)
		if err != nil {
			return p, &model.Error{Code: model.EINVALID, File: f, Message: "cannot read the weights file", Err: err}
		}
		if p.Weights, err = model.ParseWeights(string(raw), p.Weights, f); err != nil {
			return p, err
		}
	}
	if w := c.String("weights"); w != "" {
		var err error
		if p.Weights, err = model.ParseWeights(w, p.Weights, "--weights"); err != nil {
			return p, err
		}
	}
	return p.Normalized()
}

// The range of --year, the reference year of the engine.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ReferenceYear is --year, else this year.
func ReferenceYear(c *cli.Context) int {
	if c.IsSet("year") {
		return c.Int("year")
	}
	return time.Now().Year()
}

// TopFlag is the --top flag of the commands that make shortlists.
func TopFlag() cli.Flag {
	return &cli.IntFlag{Name: "top", Value: match.DefaultParameters().Top, Usage: "shortlist length `K`"}
}

// PairingFlags are the flags of the pairing that c2c pair and c2c batch
// share; candidates and clusters are the command's defaults.
func PairingFlags(candidates int, clusters bool) []cli.Flag {
	d := match.DefaultPairingParameters()
	clustersUsage := "seat each resource's beneficiaries at tables by the sector their pairs meet"
	if clusters {
		clustersUsage += " (--clusters=false to skip)"
	}
	return []cli.Flag{
		&cli.IntFlag{Name: "partners", Value: d.Partners, Usage: "resource cities wanted per beneficiary `P`"},
		&cli.IntFlag{Name: "hosting", Value: -1, DefaultText: "each profile's own, 3 when not recorded", Usage: "hosting capacity `N` for every resource"},
		&cli.Float64Flag{Name: "min-score", Value: d.MinScore, Usage: "never use a pair scoring below `S`"},
		&cli.IntFlag{Name: "min-developing", Usage: "developing-city partners `N` each served beneficiary gets where feasible"},
		&cli.StringFlag{Name: "objective", Value: d.Objective.String(), Usage: "`served` (serve most, then best total) or score (best total)"},
		&cli.IntFlag{Name: "candidates", Value: candidates, Usage: "offer the solver each beneficiary's best `K` candidates (0: all qualified)"},
		&cli.BoolFlag{Name: "clusters", Value: clusters, Usage: clustersUsage},
	}
}

// PairingParameters reads the pairing flags of c (PairingFlags, the
// engine flags, and --participants where the command has it: see
// pairing.ReadParticipants).
func PairingParameters(c *cli.Context) (model.PairingParameters, error) {
	o := match.DefaultPairingParameters()
	p, err := Parameters(c)
	if err != nil {
		return o, err
	}
	o.Parameters = p
	o.Partners = c.Int("partners")
	o.Hosting = c.Int("hosting")
	o.MinScore = c.Float64("min-score")
	o.MinDeveloping = c.Int("min-developing")
	o.Candidates = c.Int("candidates")
	o.Clusters = c.Bool("clusters")
	if err := o.Objective.UnmarshalText([]byte(c.String("objective"))); err != nil {
		return o, err
	}
	if v := c.String("participants"); v != "" {
		if o.Participants, err = pairing.ReadParticipants(v); err != nil {
			return o, err
		}
	}
	return o, nil
}
