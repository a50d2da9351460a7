package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// runsCommand lists, shows, removes, verifies and compares stored runs.
func (m *Main) runsCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatCSV, FormatMarkdown}
	return &cli.Command{
		Name:      "runs",
		Usage:     "list the stored batch runs; show, verify, compare or remove one",
		UsageText: "c2c runs [--format FORMAT] | c2c runs show|verify|rm ID | c2c runs publish ID --out DIR | c2c runs diff A B",
		Description: `Lists every run c2c batch stored, oldest first: when it ran, its status, its
size and the digests of its input and results. A run still marked running
whose process is gone was killed; it is shown as interrupted (stale).

Examples:
   c2c runs
   c2c runs show 3
   c2c runs verify 3
   c2c runs publish 3 --out congress-2026
   c2c runs diff 2 3 --format json
   c2c runs rm 1`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			args, err := arguments(c)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				return unknownRunsCommand(c, args[0])
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			runs, err := db.Runs(c.Context)
			if err != nil {
				return err
			}
			for i := range runs {
				runs[i].Status = shownStatus(&runs[i])
			}
			if runs == nil {
				runs = []model.Run{}
			}
			return m.write(format, runs, runsReport(runs))
		},
		Subcommands: []*cli.Command{m.runsShowCommand(), m.runsVerifyCommand(), m.runsPublishCommand(), m.runsDiffCommand(), m.runsRemoveCommand()},
	}
}

// unknownRunsCommand reports an unknown subcommand of c2c runs.
func unknownRunsCommand(c *cli.Context, name string) error {
	return usagef(c, "unknown subcommand %q: expected show, verify, publish, diff or rm", name)
}

// runStale is how a running run whose process is gone is shown.
const runStale model.RunStatus = "interrupted (stale)"

// shownStatus is the status of r as listings show it: a running run whose
// process no longer exists on this machine is stale.
func shownStatus(r *model.Run) model.RunStatus {
	if r.Status != model.RunRunning {
		return r.Status
	}
	host, _ := os.Hostname()
	if r.Host == host && !processAlive(r.PID) {
		return runStale
	}
	return r.Status
}

// runsReport renders the list of runs.
func runsReport(runs []model.Run) Report {
	t := Table{Columns: []Column{{Name: "ID", Right: true}, {Name: "STARTED"}, {Name: "TOOK", Right: true}, {Name: "STATUS"},
		{Name: "MEMBERS", Right: true}, {Name: "SHORTLISTS", Right: true}, {Name: "SERVED", Right: true},
		{Name: "INPUT"}, {Name: "RESULT"}, {Name: "VERSION"}}, Empty: "no stored runs (c2c batch makes one)"}
	for _, r := range runs {
		took := ""
		if !r.Ended.IsZero() {
			took = r.Ended.Sub(r.Started).Round(time.Second).String()
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(r.ID, 10), r.Started.UTC().Format("2006-01-02 15:04"), took, string(r.Status),
			strconv.Itoa(r.Cities), strconv.Itoa(r.Beneficiaries), strconv.Itoa(r.Served),
			shortDigest(r.InputDigest), shortDigest(r.ResultDigest), r.Version})
	}
	return Report{Tables: []Table{t}}
}

// runID parses the run id argument arg.
func runID(c *cli.Context, arg string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id < 1 {
		return 0, usagef(c, "run id %q: expected a number such as 3 (c2c runs lists them)", arg)
	}
	return id, nil
}

// runArgs reads exactly n run ids from the command line of c.
func runArgs(c *cli.Context, n int) ([]int64, error) {
	args, err := arguments(c)
	if err != nil {
		return nil, err
	}
	if len(args) != n {
		return nil, usagef(c, "expected %s, got %d arguments", plural(n, "run id"), len(args))
	}
	ids := make([]int64, n)
	for i, a := range args {
		if ids[i], err = runID(c, a); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// storedParameters decodes the parameters of run r.
func storedParameters(r *model.Run) (batchParameters, error) {
	var bp batchParameters
	if err := json.Unmarshal(r.Parameters, &bp); err != nil {
		return bp, &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("run %d: stored parameters are not those of a batch: %v", r.ID, err)}
	}
	return bp, bp.restore()
}

// runShown is what c2c runs show prints as JSON.
type runShown struct {
	Run     *model.Run        `json:"run"`
	Results *model.RunResults `json:"results,omitempty"`
}

func (m *Main) runsShowCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatMarkdown}
	return &cli.Command{
		Name:      "show",
		Usage:     "show one stored run: its parameters, digests, timing, shortlists and pairs",
		UsageText: "c2c runs show ID [--format FORMAT]",
		Flags:     []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			r, err := db.Run(c.Context, ids[0])
			if err != nil {
				return err
			}
			r.Status = shownStatus(r)
			shown := runShown{Run: r}
			if r.Status == model.RunDone {
				if shown.Results, err = db.RunResults(c.Context, r.ID); err != nil {
					return err
				}
			}
			if format == FormatJSON {
				return writeJSON(m.Stdout, shown)
			}
			return m.write(format, shown, runShowReport(shown))
		},
	}
}

// runShowReport renders one run: its record, then a line per shortlist.
func runShowReport(s runShown) Report {
	r := s.Run
	rep := Report{Title: fmt.Sprintf("Run %d (%s)", r.ID, r.Status)}
	add := func(name, value string) { rep.Fields = append(rep.Fields, Field{name, value}) }
	add("Started", r.Started.UTC().Format(time.RFC3339))
	if !r.Ended.IsZero() {
		add("Ended", fmt.Sprintf("%s (%s)", r.Ended.UTC().Format(time.RFC3339), r.Ended.Sub(r.Started).Round(time.Millisecond)))
	}
	if r.Message != "" {
		add("Message", r.Message)
	}
	add("Version", r.Version)
	add("Parameters", string(r.Parameters))
	add("Input digest", fmt.Sprintf("%s (%d inputs, %d members)", r.InputDigest, len(r.Inputs), r.Cities))
	if r.ResultDigest != "" {
		add("Result digest", r.ResultDigest)
	}
	add("Results", fmt.Sprintf("%d shortlists, %d candidates, %d pairs, %d served", r.Beneficiaries, r.Candidates, r.Pairs, r.Served))
	if len(r.Timing) > 0 {
		var tm batchTiming
		if json.Unmarshal(r.Timing, &tm) == nil {
			add("Time", tm.String())
		}
	}
	if s.Results == nil {
		return rep
	}
	partners := map[string][]string{}
	if pl := s.Results.Pairing; pl != nil {
		for _, p := range pl.Pairs {
			partners[p.Beneficiary] = append(partners[p.Beneficiary], p.Resource)
		}
	}
	t := Table{Title: "Shortlists", Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "CANDIDATES (RANK RESOURCE SCORE)", Wrap: true}, {Name: "PAIRED WITH"}}, Empty: "no shortlists"}
	for _, sl := range s.Results.Shortlists {
		var cands []string
		for _, c := range sl.Candidates {
			cands = append(cands, fmt.Sprintf("%d %s %s", c.Rank, c.Resource, f4(c.Score)))
		}
		t.Rows = append(t.Rows, []string{sl.Beneficiary, strings.Join(cands, ", "), strings.Join(partners[sl.Beneficiary], ", ")})
	}
	rep.Tables = append(rep.Tables, t)
	return rep
}

func (m *Main) runsRemoveCommand() *cli.Command {
	return &cli.Command{
		Name:      "rm",
		Usage:     "remove a stored run and its results",
		UsageText: "c2c runs rm ID",
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			r, err := db.Run(c.Context, ids[0])
			if err != nil {
				return err
			}
			if shownStatus(r) == model.RunRunning {
				return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is still running (process %d on %s): stop it first", r.ID, r.PID, r.Host)}
			}
			if err := db.RemoveRun(c.Context, r.ID); err != nil {
				return err
			}
			m.said("removed run %d", r.ID)
			return nil
		},
	}
}

// inputChanges says which inputs differ between two runs.
type inputChanges struct {
	CitiesAdded      []string `json:"cities_added"`
	CitiesRemoved    []string `json:"cities_removed"`
	CitiesEdited     []string `json:"cities_edited"`
	RulesAdded       []string `json:"rules_added"`   // "beneficiary/resource"
	RulesRemoved     []string `json:"rules_removed"` // "beneficiary/resource"
	RulesEdited      []string `json:"rules_edited"`  // "beneficiary/resource"
	ExchangesChanged bool     `json:"exchanges_changed"`
}

// compareInputs returns what changed from the inputs a to the inputs b.
func compareInputs(a, b []model.InputDigest) inputChanges {
	ch := inputChanges{CitiesAdded: []string{}, CitiesRemoved: []string{}, CitiesEdited: []string{}, RulesAdded: []string{}, RulesRemoved: []string{}, RulesEdited: []string{}}
	old := make(map[string]string, len(a))
	for _, in := range a {
		old[in.Key] = in.Digest
	}
	seen := make(map[string]bool, len(b))
	classify := func(key string, added, removed, edited bool) {
		kind, name, _ := strings.Cut(key, ":")
		switch {
		case kind == "city" && added:
			ch.CitiesAdded = append(ch.CitiesAdded, name)
		case kind == "city" && removed:
			ch.CitiesRemoved = append(ch.CitiesRemoved, name)
		case kind == "city" && edited:
			ch.CitiesEdited = append(ch.CitiesEdited, name)
		case kind == "rule" && added:
			ch.RulesAdded = append(ch.RulesAdded, name)
		case kind == "rule" && removed:
			ch.RulesRemoved = append(ch.RulesRemoved, name)
		case kind == "rule" && edited:
			ch.RulesEdited = append(ch.RulesEdited, name)
		case key == "exchanges":
			ch.ExchangesChanged = true
		}
	}
	for _, in := range b {
		seen[in.Key] = true
		d, ok := old[in.Key]
		switch {
		case !ok:
			classify(in.Key, true, false, false)
		case d != in.Digest:
			classify(in.Key, false, false, true)
		}
	}
	for _, in := range a {
		if !seen[in.Key] {
			classify(in.Key, false, true, false)
		}
	}
	for _, l := range [][]string{ch.CitiesAdded, ch.CitiesRemoved, ch.CitiesEdited, ch.RulesAdded, ch.RulesRemoved, ch.RulesEdited} {
		sort.Strings(l)
	}
	return ch
}

// None reports whether nothing changed.
func (ch inputChanges) None() bool {
	return len(ch.CitiesAdded)+len(ch.CitiesRemoved)+len(ch.CitiesEdited)+len(ch.RulesAdded)+len(ch.RulesRemoved)+len(ch.RulesEdited) == 0 && !ch.ExchangesChanged
}

// String lists the changes in words.
func (ch inputChanges) String() string {
	var parts []string
	list := func(what string, ids []string) {
		if len(ids) == 0 {
			return
		}
		shown := ids
		more := ""
		if len(ids) > 12 {
			shown, more = ids[:12], fmt.Sprintf(" and %d more", len(ids)-12)
		}
		parts = append(parts, fmt.Sprintf("%s %s%s", what, strings.Join(shown, ", "), more))
	}
	list("cities added:", ch.CitiesAdded)
	list("cities removed:", ch.CitiesRemoved)
	list("cities edited:", ch.CitiesEdited)
	list("rules added:", ch.RulesAdded)
	list("rules removed:", ch.RulesRemoved)
	list("rules changed:", ch.RulesEdited)
	if ch.ExchangesChanged {
		parts = append(parts, "exchange history changed")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

// verification is what c2c runs verify found.
type verification struct {
	Run            int64        `json:"run"`
	Reproduces     bool         `json:"reproduces"`
	StoredDigest   string       `json:"stored_result_digest"`
	ComputedDigest string       `json:"computed_result_digest"`
	InputUnchanged bool         `json:"input_unchanged"`
	Inputs         inputChanges `json:"input_changes"`
	StoredVersion  string       `json:"stored_version"`
	CurrentVersion string       `json:"current_version"`
	Year           int          `json:"year"`
	StoredInput    bool         `json:"stored_input"` // re-run on the input stored with the run; false: on the current profiles (a run stored before c2c kept inputs)
	Verdict        string       `json:"verdict"`
}

func (m *Main) runsVerifyCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatMarkdown}
	return &cli.Command{
		Name:      "verify",
		Usage:     "re-run a stored run on its stored input and say whether it reproduces",
		UsageText: "c2c runs verify ID [--quiet] [--format FORMAT]",
		Description: `Runs the stored run ID again, with its stored parameters and reference year,
on the input stored with it (the profiles, rules and exchange history as they
were), and compares the result digest with the stored one. It also names the
inputs that changed since (cities added, removed or edited; rules; exchange
history). When the results differ it names the engine versions.

A run stored before c2c kept the input of runs is re-run on the profiles now
in the database if they are still its input; otherwise it cannot be verified.
Exit status 1 when the run does not reproduce or cannot be re-run.`,
		Flags: []cli.Flag{formats.Flag(), &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no progress"}},
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			v, err := m.verifyRun(c.Context, db, ids[0], m.progress(c.Bool("quiet")))
			if err != nil {
				return err
			}
			rep := Report{Title: fmt.Sprintf("Run %d: %s", v.Run, v.Verdict), Fields: []Field{
				{"Stored result", v.StoredDigest},
				{"Re-run result", v.ComputedDigest},
				{"Input changes", v.Inputs.String()},
				{"Engine", fmt.Sprintf("stored %s, now %s", v.StoredVersion, v.CurrentVersion)},
				{"Reference year", strconv.Itoa(v.Year)},
			}}
			if err := m.write(format, v, rep); err != nil {
				return err
			}
			if !v.Reproduces {
				return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d %s", v.Run, v.Verdict)}
			}
			return nil
		},
	}
}

// runSource is the input run r is re-run or republished from: its stored
// input or, for a run stored before c2c kept inputs, the current profiles
// when they are still its input (doc is then nil when they are not).
// current are the digests of the current profiles, against which the
// changes since the run are named.
type runSource struct {
	doc     *model.Document
	kept    bool                // doc is the stored input
	digest  string              // input digest of the current profiles
	current []model.InputDigest // digests of the current profiles
}

// sourceOf returns the input to re-run or republish run r from.
func sourceOf(ctx context.Context, db *store.DB, r *model.Run) (*runSource, error) {
	stored, err := db.RunInput(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Document(ctx)
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	src := &runSource{doc: stored, kept: stored != nil}
	if src.digest, src.current, err = store.InputDigests(cur); err != nil {
		return nil, err
	}
	if stored == nil && src.digest == r.InputDigest {
		src.doc = cur
	}
	return src, nil
}

// notKept is the message for run id whose input was not kept and whose
// profiles changed since, as ch says.
func notKept(id int64, ch inputChanges) string {
	return fmt.Sprintf("run %d cannot be re-run: its input was not kept (it was stored before c2c kept the input of runs) and the profiles changed since (%s)", id, ch)
}

// doneRun returns the done run id and its parameters, or ECONFLICT for a
// run that is not done.
func doneRun(ctx context.Context, db *store.DB, id int64, what string) (*model.Run, batchParameters, error) {
	r, err := db.Run(ctx, id)
	if err != nil {
		return nil, batchParameters{}, err
	}
	if r.Status != model.RunDone {
		return nil, batchParameters{}, &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s: only a done run can be %s", r.ID, shownStatus(r), what)}
	}
	bp, err := storedParameters(r)
	return r, bp, err
}

// verifyRun re-runs run id on its stored input (for a run stored before
// c2c kept inputs, on the current profiles if they are unchanged) and
// compares the result digests.
func (m *Main) verifyRun(ctx context.Context, db *store.DB, id int64, prog progress) (*verification, error) {
	r, bp, err := doneRun(ctx, db, id, "verified")
	if err != nil {
		return nil, err
	}
	src, err := sourceOf(ctx, db, r)
	if err != nil {
		return nil, err
	}
	v := &verification{Run: r.ID, StoredDigest: r.ResultDigest, StoredVersion: r.Version, CurrentVersion: Version, Year: bp.Year,
		InputUnchanged: src.digest == r.InputDigest, Inputs: compareInputs(r.Inputs, src.current), StoredInput: src.kept}
	if src.doc == nil {
		v.Verdict = "cannot be verified: its input was not kept (stored before c2c kept the input of runs) and the profiles changed since (" + v.Inputs.String() + ")"
		return v, nil
	}
	from := "the current profiles"
	if src.kept {
		from = "its stored input"
	}
	prog.Stage(fmt.Sprintf("re-running run %d on %s, %d profiles (year %d)", r.ID, from, len(src.doc.Cities), bp.Year))
	e, err := match.NewEngine(src.doc, m.Ref, profile.Inferrer(m.Ref.Topics), bp.Year)
	if err != nil {
		return nil, err
	}
	var tm batchTiming
	res, err := computeResults(ctx, e, bp, prog, &tm)
	if err != nil {
		return nil, err
	}
	if v.ComputedDigest, err = store.ResultDigest(r.Parameters, res); err != nil {
		return nil, err
	}
	v.Reproduces = v.ComputedDigest == v.StoredDigest
	v.Verdict = verdict(v)
	return v, nil
}

// verdict says in words what verification v found.
func verdict(v *verification) string {
	since := ""
	if !v.InputUnchanged {
		since = " (the profiles changed since: " + v.Inputs.String() + ")"
	}
	switch {
	case v.Reproduces && v.StoredInput:
		return "reproduces from its stored input" + since
	case v.Reproduces:
		return "reproduces"
	case v.StoredVersion != v.CurrentVersion:
		return fmt.Sprintf("does not reproduce: same input, engine changed from %s to %s", v.StoredVersion, v.CurrentVersion)
	default:
		return "does not reproduce: same input and engine version, different results (the engine changed without a new version, or the reference tables did)"
	}
}

func (m *Main) runsPublishCommand() *cli.Command {
	return &cli.Command{
		Name:      "publish",
		Usage:     "publish a stored run again, from its stored input and results, into a folder",
		UsageText: "c2c runs publish ID --out DIR [--report-limit N] [--excel] [--quiet]",
		Description: `Writes the files c2c batch --out publishes (shortlists.csv, pairings.csv,
run.json, report.html, report.md) for the stored run ID, from the results it
stored and the profiles of its stored input, whatever the profiles are now.
The files are those the batch wrote with the same --report-limit and --excel,
byte for byte, but for the time of publishing in run.json ("published").
The folder is checked and filled as for c2c batch --out.

A run stored before c2c kept the input of runs can be published only while
the profiles are still its input (c2c runs verify says).`,
		Flags: publicationFlags(),
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			if c.String("out") == "" {
				return usagef(c, "--out DIR is required: the folder to publish the run in")
			}
			opts, err := m.publicationOptions(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			if err := m.publishRun(c.Context, db, ids[0], opts); err != nil {
				return err
			}
			if !c.Bool("quiet") {
				m.said("run %d published to %s", ids[0], opts.Out)
			}
			return nil
		},
	}
}

// publishRun publishes the done run id into opts.Out from its stored
// input and results, staged and moved into place as the batch does.
func (m *Main) publishRun(ctx context.Context, db *store.DB, id int64, opts batchOptions) error {
	if err := checkOut(opts.Out); err != nil {
		return err
	}
	r, bp, err := doneRun(ctx, db, id, "published")
	if err != nil {
		return err
	}
	src, err := sourceOf(ctx, db, r)
	if err != nil {
		return err
	}
	if src.doc == nil {
		return &model.Error{Code: model.ECONFLICT, Message: notKept(r.ID, compareInputs(r.Inputs, src.current))}
	}
	res, err := db.RunResults(ctx, r.ID)
	if err != nil {
		return err
	}
	prog := opts.Progress
	if prog == nil {
		prog = quietProgress{}
	}
	prog.Stage(fmt.Sprintf("run %d: vectorising %d profiles", r.ID, len(src.doc.Cities)))
	e, err := match.NewEngine(src.doc, m.Ref, profile.Inferrer(m.Ref.Topics), bp.Year)
	if err != nil {
		return err
	}
	prog.Stage("writing " + opts.Out)
	staged, err := stagePublication(ctx, e, r, bp, res, opts, db.Now().UTC())
	if err != nil {
		return err
	}
	if err := staged.publish(); err != nil {
		staged.discard()
		return fmt.Errorf("publish run %d: %w", r.ID, err)
	}
	return nil
}

// candidateChange is one candidate that entered, left or moved in a
// beneficiary's shortlist between two runs. Ranks are 0 where absent.
type candidateChange struct {
	Resource   string  `json:"resource"`
	Name       string  `json:"name"`
	FromRank   int     `json:"from_rank"`
	ToRank     int     `json:"to_rank"`
	FromScore  float64 `json:"from_score"`
	ToScore    float64 `json:"to_score"`
	RankChange int     `json:"rank_change"`  // positive when it moved up
	ScoreDelta float64 `json:"score_change"` // to - from
}

// beneficiaryChange is how one beneficiary's results differ.
type beneficiaryChange struct {
	Beneficiary    string            `json:"beneficiary"`
	Shortlisted    string            `json:"shortlisted,omitempty"` // "added" or "removed" when only one run has its shortlist
	Entered        []candidateChange `json:"entered"`
	Left           []candidateChange `json:"left"`
	Moved          []candidateChange `json:"moved"`
	PartnersBefore []string          `json:"partners_before"`
	PartnersAfter  []string          `json:"partners_after"`
}

// runDiff is what c2c runs diff found.
type runDiff struct {
	From          int64               `json:"from"`
	To            int64               `json:"to"`
	Inputs        inputChanges        `json:"input_changes"`
	Parameters    []string            `json:"parameter_changes"`
	Version       string              `json:"version_change,omitempty"`
	Beneficiaries []beneficiaryChange `json:"beneficiaries"` // those with any change, by id
	PairsAdded    []model.PairingPair `json:"pairs_added"`
	PairsRemoved  []model.PairingPair `json:"pairs_removed"`
}

// scoreEpsilon is the smallest score change a diff reports: scores are
// rounded to four decimals.
const scoreEpsilon = 5e-5

func (m *Main) runsDiffCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatMarkdown}
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two stored runs: candidates that entered, left or moved, changed pairs, and the input changes behind them",
		UsageText: "c2c runs diff A B [--format FORMAT]",
		Description: `Compares run B with run A, per beneficiary: which candidates entered or left
its shortlist and which moved, by how many places and how much score; which
pairs changed; and what changed in the input between the runs (cities added,
removed or edited; rules added, removed or changed; the exchange history), in
the parameters and in the engine version. The table shows what changed;
--format json is complete.`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 2)
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			d, err := diffRuns(c.Context, db, ids[0], ids[1])
			if err != nil {
				return err
			}
			return m.write(format, d, diffReport(d))
		},
	}
}

// diffRuns compares run b with run a.
func diffRuns(ctx context.Context, db *store.DB, a, b int64) (*runDiff, error) {
	ra, err := db.Run(ctx, a)
	if err != nil {
		return nil, err
	}
	rb, err := db.Run(ctx, b)
	if err != nil {
		return nil, err
	}
	d := &runDiff{From: a, To: b, Inputs: compareInputs(ra.Inputs, rb.Inputs), Parameters: compareParameters(ra.Parameters, rb.Parameters),
		Beneficiaries: []beneficiaryChange{}, PairsAdded: []model.PairingPair{}, PairsRemoved: []model.PairingPair{}}
	if ra.Version != rb.Version {
		d.Version = ra.Version + " → " + rb.Version
	}
	lists := [2]map[string][]store.RankedCandidate{{}, {}}
	for i, id := range []int64{a, b} {
		pl, err := db.RunPairing(ctx, id) // also says whether the run is done
		if err != nil {
			return nil, err
		}
		err = db.RunCandidates(ctx, id, func(c store.RankedCandidate) error {
			if _, ok := lists[i][c.Beneficiary]; !ok {
				lists[i][c.Beneficiary] = nil
			}
			if c.Rank > 0 {
				lists[i][c.Beneficiary] = append(lists[i][c.Beneficiary], c)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if pl != nil {
			if i == 0 {
				d.PairsRemoved = pl.Pairs
			} else {
				d.PairsAdded = pl.Pairs
			}
		}
	}
	// Pairs in both runs cancel out.
	before := map[[2]string]bool{}
	for _, p := range d.PairsRemoved {
		before[[2]string{p.Beneficiary, p.Resource}] = true
	}
	after := map[[2]string]bool{}
	for _, p := range d.PairsAdded {
		after[[2]string{p.Beneficiary, p.Resource}] = true
	}
	partners := [2]map[string][]string{{}, {}}
	for _, p := range d.PairsRemoved {
		partners[0][p.Beneficiary] = append(partners[0][p.Beneficiary], p.Resource)
	}
	for _, p := range d.PairsAdded {
		partners[1][p.Beneficiary] = append(partners[1][p.Beneficiary], p.Resource)
	}
	d.PairsRemoved = keepPairs(d.PairsRemoved, after)
	d.PairsAdded = keepPairs(d.PairsAdded, before)

	all := map[string]bool{}
	for i := range lists {
		for id := range lists[i] {
			all[id] = true
		}
		for id := range partners[i] {
			all[id] = true
		}
	}
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ca, inA := lists[0][id]
		cb, inB := lists[1][id]
		bc := beneficiaryChange{Beneficiary: id, Entered: []candidateChange{}, Left: []candidateChange{}, Moved: []candidateChange{},
			PartnersBefore: nonNil(partners[0][id]), PartnersAfter: nonNil(partners[1][id])}
		switch {
		case inA && !inB:
			bc.Shortlisted = "removed"
		case inB && !inA:
			bc.Shortlisted = "added"
		}
		byRes := map[string]store.RankedCandidate{}
		for _, c := range ca {
			byRes[c.Resource] = c
		}
		inNew := map[string]bool{}
		for _, c := range cb {
			inNew[c.Resource] = true
			old, ok := byRes[c.Resource]
			if !ok {
				bc.Entered = append(bc.Entered, candidateChange{Resource: c.Resource, Name: c.Name, ToRank: c.Rank, ToScore: c.Score, ScoreDelta: c.Score})
				continue
			}
			if old.Rank != c.Rank || math.Abs(old.Score-c.Score) >= scoreEpsilon {
				bc.Moved = append(bc.Moved, candidateChange{Resource: c.Resource, Name: c.Name, FromRank: old.Rank, ToRank: c.Rank,
					FromScore: old.Score, ToScore: c.Score, RankChange: old.Rank - c.Rank, ScoreDelta: round4(c.Score - old.Score)})
			}
		}
		for _, c := range ca {
			if !inNew[c.Resource] {
				bc.Left = append(bc.Left, candidateChange{Resource: c.Resource, Name: c.Name, FromRank: c.Rank, FromScore: c.Score, ScoreDelta: -c.Score})
			}
		}
		if bc.Shortlisted != "" || len(bc.Entered)+len(bc.Left)+len(bc.Moved) > 0 || strings.Join(bc.PartnersBefore, ",") != strings.Join(bc.PartnersAfter, ",") {
			d.Beneficiaries = append(d.Beneficiaries, bc)
		}
	}
	return d, nil
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// keepPairs returns the pairs of ps not in other.
func keepPairs(ps []model.PairingPair, other map[[2]string]bool) []model.PairingPair {
	out := []model.PairingPair{}
	for _, p := range ps {
		if !other[[2]string{p.Beneficiary, p.Resource}] {
			out = append(out, p)
		}
	}
	return out
}

// compareParameters lists the parameters that differ, as "key: a → b".
func compareParameters(a, b json.RawMessage) []string {
	fa, fb := map[string]string{}, map[string]string{}
	flattenJSON(a, fa)
	flattenJSON(b, fb)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	out := []string{}
	for k := range keys {
		if fa[k] != fb[k] {
			out = append(out, fmt.Sprintf("%s: %s → %s", k, orNone(fa[k]), orNone(fb[k])))
		}
	}
	sort.Strings(out)
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// flattenJSON records every leaf of the JSON object raw under its dotted
// path.
func flattenJSON(raw json.RawMessage, into map[string]string) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, val)
			}
		default:
			b, _ := json.Marshal(x)
			into[prefix] = string(b)
		}
	}
	walk("", v)
}

// diffReport renders a diff: the input, parameter and version changes,
// then a row per changed candidate and per changed pair.
func diffReport(d *runDiff) Report {
	rep := Report{Title: fmt.Sprintf("Run %d → run %d", d.From, d.To), Fields: []Field{{"Input changes", d.Inputs.String()}}}
	params := "none"
	if len(d.Parameters) > 0 {
		params = strings.Join(d.Parameters, "; ")
	}
	rep.Fields = append(rep.Fields, Field{"Parameter changes", params})
	if d.Version != "" {
		rep.Fields = append(rep.Fields, Field{"Engine", d.Version})
	}
	entered, left, moved := 0, 0, 0
	t := Table{Title: "Shortlists", Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "CHANGE"}, {Name: "RESOURCE"}, {Name: "RANK"}, {Name: "SCORE"}},
		Empty: "no shortlist changed"}
	rank := func(r int) string {
		if r == 0 {
			return "–"
		}
		return strconv.Itoa(r)
	}
	for _, bc := range d.Beneficiaries {
		name := bc.Beneficiary
		if bc.Shortlisted != "" {
			t.Rows = append(t.Rows, []string{name, "shortlist " + bc.Shortlisted, "", "", ""})
		}
		for _, c := range bc.Entered {
			entered++
			t.Rows = append(t.Rows, []string{name, "entered", c.Resource, "– → " + rank(c.ToRank), "– → " + f4(c.ToScore)})
		}
		for _, c := range bc.Left {
			left++
			t.Rows = append(t.Rows, []string{name, "left", c.Resource, rank(c.FromRank) + " → –", f4(c.FromScore) + " → –"})
		}
		for _, c := range bc.Moved {
			moved++
			t.Rows = append(t.Rows, []string{name, "moved", c.Resource, fmt.Sprintf("%d → %d (%+d)", c.FromRank, c.ToRank, c.RankChange),
				fmt.Sprintf("%s → %s (%+.4f)", f4(c.FromScore), f4(c.ToScore), c.ScoreDelta)})
		}
	}
	rep.Fields = append(rep.Fields, Field{"Shortlists", fmt.Sprintf("%d beneficiaries changed: %d candidates entered, %d left, %d moved", len(d.Beneficiaries), entered, left, moved)})
	pairs := Table{Title: "Pairs", Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "BEFORE"}, {Name: "AFTER"}}, Empty: "no pair changed"}
	for _, bc := range d.Beneficiaries {
		b, a := strings.Join(bc.PartnersBefore, ", "), strings.Join(bc.PartnersAfter, ", ")
		if b != a {
			pairs.Rows = append(pairs.Rows, []string{bc.Beneficiary, orNone(b), orNone(a)})
		}
	}
	rep.Fields = append(rep.Fields, Field{"Pairs", fmt.Sprintf("%d added, %d removed", len(d.PairsAdded), len(d.PairsRemoved))})
	rep.Tables = append(rep.Tables, t, pairs)
	return rep
}
