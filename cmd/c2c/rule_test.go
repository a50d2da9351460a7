package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/model"
)

// TestRuleAccountable checks that a rule is stored with its reason, its
// author and an RFC 3339 time, and that these survive export and import.
func TestRuleAccountable(t *testing.T) {
	db := sampleDB(t)
	r := mustRun(t, "--db", db, "rule", "pin", "palembang", "seoul", "--why", "mayors agreed in 2009", "--by", "A. Rahman")
	assert.Equal(t, "c2c: pin palembang → seoul stored, by A. Rahman\n", r.stderr)
	start := time.Now()
	mustRun(t, "--db", db, "rule", "block", "dhaka", "colombo", "--why", "already partners")

	var rules []model.Rule
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "rules", "--format", "json").stdout), &rules))
	require.Len(t, rules, 2)
	assert.Equal(t, account.LoginName(), rules[0].By, "--by defaults to the login name")
	assert.NotEmpty(t, rules[0].By)
	assert.WithinDuration(t, start, rules[0].Created, time.Minute)
	assert.Equal(t, "A. Rahman", rules[1].By)
	assert.Equal(t, "mayors agreed in 2009", rules[1].Why)
	table := mustRun(t, "--db", db, "rules").stdout
	assert.Regexp(t, `(?m)^palembang +seoul +pin +A\. Rahman +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +mayors agreed in 2009$`, table)

	exported := exportJSON(t, db)
	assert.Contains(t, exported, `"by": "A. Rahman",`)
	assert.Regexp(t, `"created": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"`, exported)
	other := sampleDB(t)
	mustRun(t, "--db", other, "import", "--replace", writeFile(t, "all.json", exported))
	assert.Equal(t, exported, exportJSON(t, other), "author and time survive export and import")
}

// TestRuleRefusals checks every refusal of c2c rule with its exact message
// and exit status, and that nothing is stored.
func TestRuleRefusals(t *testing.T) {
	pins := testFile(t, "tiny.json")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoWhy", []string{"rule", "pin", "palembang", "seoul"}, 1,
			`c2c rule pin: --why is required: expected the reason for the rule, such as --why "mayors agreed in 2009" (see c2c rule pin --help)`},
		{"BlankWhy", []string{"rule", "block", "palembang", "seoul", "--why", "  "}, 1,
			`c2c rule block: --why is required: expected the reason for the rule, such as --why "mayors agreed in 2009" (see c2c rule block --help)`},
		{"PunctuationWhy", []string{"rule", "block", "palembang", "seoul", "--why", "?"}, 1,
			`city palembang: rule.why: why "?" has no words: expected a letter or a digit (leave the key out when there is nothing to say)`},
		{"BlankBy", []string{"rule", "block", "palembang", "seoul", "--why", "w", "--by", " "}, 1,
			`c2c rule block: --by is empty: expected who makes the rule (see c2c rule block --help)`},
		{"PinToHostingZero", []string{"rule", "pin", "palembang", "none", "--why", "agreed"}, 1,
			`city none: cannot pin palembang to none: none hosts no beneficiaries (hosting 0): expected a resource with hosting of at least 1 (raise none's hosting, or block instead of pin)`},
		{"PinBeyondHosting", []string{"rule", "pin", "palembang", "tiny", "--why", "agreed"}, 1,
			`city tiny: cannot pin palembang to tiny: tiny hosts at most 1 beneficiary and would have 2 pins (hanoi, palembang): expected no more pins than its hosting (raise tiny's hosting, or remove a pin with c2c rule rm)`},
		{"UnknownSubcommand", []string{"rule", "foo", "a", "b"}, 1,
			`c2c rule: unknown command "foo" (see c2c rule --help)`},
		{"MistypedSubcommand", []string{"rule", "pim", "a", "b"}, 1,
			`c2c rule: unknown command "pim": did you mean pin? (see c2c rule --help)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := sampleDB(t)
			mustRun(t, "--db", db, "import", pins)
			before := exportJSON(t, db)
			r := runC2C(t, append([]string{"--db", db}, tt.args...)...)
			assert.Equal(t, tt.code, r.code)
			assert.Equal(t, tt.want+"\n", r.stderr)
			assert.Equal(t, before, exportJSON(t, db))
		})
	}
}

// TestBoundedParameters checks the refusals of parameters out of range and
// that a huge --top is capped at the candidates there are.
func TestBoundedParameters(t *testing.T) {
	db := sampleDB(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"YearTooLate", []string{"shortlist", "palembang", "--year", "99999"},
			"c2c shortlist: --year 99999: expected a year between 1900 and 2100 (see c2c shortlist --help)"},
		{"YearTooEarly", []string{"pair", "--year", "33"},
			"c2c pair: --year 33: expected a year between 1900 and 2100 (see c2c pair --help)"},
		{"ExplainItself", []string{"explain", "jakarta", "jakarta"},
			"c2c explain: jakarta twice: expected a beneficiary and a different resource city (see c2c explain --help)"},
		{"MistypedCommand", []string{"hlp"}, `c2c: unknown command "hlp": did you mean help? (see c2c --help)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runC2C(t, append([]string{"--db", db}, tt.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Equal(t, tt.want+"\n", r.stderr)
		})
	}
	t.Run("HugeTop", func(t *testing.T) {
		start := time.Now()
		r := mustRun(t, "--db", db, "shortlist", "palembang", "--top", "1000000000", "--format", "json")
		assert.Less(t, time.Since(start), 20*time.Second)
		var sl model.Shortlist
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &sl))
		assert.LessOrEqual(t, len(sl.Candidates), 22)
	})
}

// TestLoweredHostingUnderPins checks that an import lowering a resource's
// hosting under its pins is accepted with a warning, and that the pairing
// then sets the pin aside in words and plans everyone else.
func TestLoweredHostingUnderPins(t *testing.T) {
	db := sampleDB(t)
	mustRun(t, "--db", db, "rule", "pin", "palembang", "seoul", "--why", "mayors agreed")
	doc := testFile(t, "seoul.json")
	r := mustRun(t, "--db", db, "import", doc)
	assert.Contains(t, r.stderr, "warning: seoul hosts 0 beneficiaries and has 1 pin (palembang): pairings set the pins it cannot host aside (raise seoul's hosting, or remove a pin with c2c rule rm)\n")
	r = mustRun(t, "--db", db, "pair")
	assert.Contains(t, r.stdout, "Pins set aside (their resource cannot host them all)\nWHAT\nseoul can host 0 and has 1 pinned beneficiary: the pin of palembang set aside in this pairing")
	var pl model.Pairing
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "pair", "--format", "json").stdout), &pl))
	assert.Len(t, pl.PinConflicts, 1)
	assert.Positive(t, pl.Served)
}

// TestHelpTexts checks every command's help for what it must not hold: a
// literal \n, or a flag with two defaults.
func TestHelpTexts(t *testing.T) {
	var walk func(prefix []string, cmds []*cli.Command)
	walk = func(prefix []string, cmds []*cli.Command) {
		for _, c := range cmds {
			args := append(append([]string{}, prefix...), c.Name)
			r := mustRun(t, append(args, "--help")...)
			assert.NotContains(t, r.stdout, `\n`, "c2c %s --help", strings.Join(args, " "))
			for _, line := range strings.Split(r.stdout, "\n") {
				assert.LessOrEqual(t, strings.Count(line, "(default:"), 1, "c2c %s --help: %s", strings.Join(args, " "), line)
			}
			walk(args, c.Subcommands)
		}
	}
	walk(nil, (&Main{}).commands())
}
