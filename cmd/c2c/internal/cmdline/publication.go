package cmdline

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/match/batch"
)

// DefaultReportLimit is how many beneficiaries get a section of their own
// in report.html and report.md by default; the CSV files list them all.
const DefaultReportLimit = 500

// PublicationFlags are the flags of publishing a run, by c2c batch and
// c2c runs publish.
func PublicationFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "out", Usage: "publish the run in folder `DIR`: a new or empty folder, or an earlier c2c report", TakesFile: true},
		&cli.IntFlag{Name: "report-limit", Value: DefaultReportLimit, Usage: "beneficiaries `N` with a section in the reports (0: all)"},
		&cli.BoolFlag{Name: "excel", Usage: "start the CSV files with a byte-order mark, for spreadsheets that need one to read UTF-8"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no progress"},
	}
}

// PublicationOptions reads the PublicationFlags of c: the folder and the
// form of the published files. --quiet is the caller's to read.
func PublicationOptions(c *cli.Context) (publish.Options, error) {
	if c.Int("report-limit") < 0 {
		return publish.Options{}, Usagef(c, "--report-limit %d: expected 0 (all) or more", c.Int("report-limit"))
	}
	return publish.Options{Out: c.String("out"), ReportLimit: c.Int("report-limit"), Excel: c.Bool("excel")}, nil
}

// BatchParameters reads the engine and pairing flags of c (see
// PairingParameters) into the parameters of a batch run, for its
// reference year.
func BatchParameters(c *cli.Context) (batch.Parameters, error) {
	o, err := PairingParameters(c)
	if err != nil {
		return batch.Parameters{}, err
	}
	return batch.NewParameters(o.Year, o), nil
}
