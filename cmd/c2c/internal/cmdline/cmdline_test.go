package cmdline_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
)

// run runs "c2c ARGS..." on a program of two commands, city (with a
// --format and a --quiet flag) and rule (with the subcommand pin), whose
// actions are action. As in c2c, city has no help subcommand.
func run(t *testing.T, action cli.ActionFunc, args ...string) error {
	t.Helper()
	flags := func() []cli.Flag {
		return []cli.Flag{cmdline.Formats{render.FormatTable, render.FormatJSON}.Flag(), &cli.BoolFlag{Name: "quiet"}}
	}
	app := &cli.App{
		Name:           "c2c",
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   cmdline.UsageError,
		Commands: []*cli.Command{
			{Name: "city", Flags: flags(), Action: action, OnUsageError: cmdline.UsageError, HideHelpCommand: true},
			{Name: "rule", Subcommands: []*cli.Command{{Name: "pin", Flags: flags(), Action: action}}},
		},
	}
	return app.Run(append([]string{"c2c"}, args...))
}

// read runs a command line with runApp, whose action reads it with
// reader, and returns what reader returned.
func read[T any](t *testing.T, runApp func(*testing.T, cli.ActionFunc, ...string) error, reader func(*cli.Context) (T, error), args ...string) (T, error) {
	t.Helper()
	var got T
	err := runApp(t, func(c *cli.Context) error {
		var err error
		got, err = reader(c)
		return err
	}, args...)
	return got, err
}

// assertInvalid checks that err is a user error whose message holds want.
func assertInvalid(t *testing.T, err error, want string) {
	t.Helper()
	require.Error(t, err)
	assert.Contains(t, err.Error(), want)
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"OK", nil, 0},
		{"Invalid", model.Errorf(model.EINVALID, "bad"), 1},
		{"NotFound", model.Errorf(model.ENOTFOUND, "no such city"), 1},
		{"Conflict", model.Errorf(model.ECONFLICT, "clash"), 1},
		{"Errors", model.Errors{model.Errorf(model.EINVALID, "a"), model.Errorf(model.EINVALID, "b")}, 1},
		{"Wrapped", fmt.Errorf("import x: %w", model.Errorf(model.EINVALID, "bad")), 1},
		{"Internal", model.Errorf(model.EINTERNAL, "bug"), 2},
		{"Foreign", errors.New("disk on fire"), 2},
		{"Interrupted", fmt.Errorf("import: %w", context.Canceled), 130},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cmdline.ExitCode(tt.err))
		})
	}
}

func TestArguments(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		format  string
		quiet   bool
		wantErr string
	}{
		{"FlagAfterArgument", []string{"city", "palembang", "--format", "json"}, []string{"palembang"}, "json", false, ""},
		{"FlagWithEquals", []string{"city", "palembang", "--format=json", "seoul"}, []string{"palembang", "seoul"}, "json", false, ""},
		{"BoolFlag", []string{"city", "palembang", "-quiet"}, []string{"palembang"}, "table", true, ""},
		{"BoolFlagWithValue", []string{"city", "palembang", "--quiet=false"}, []string{"palembang"}, "table", false, ""},
		{"AfterDoubleDash", []string{"city", "palembang", "--", "--format"}, []string{"palembang", "--format"}, "table", false, ""},
		{"Dash", []string{"city", "-"}, []string{"-"}, "table", false, ""},
		{"ErrUndefined", []string{"city", "palembang", "--colour", "red"}, nil, "", false,
			"c2c city: flag provided but not defined: --colour (see c2c city --help)"},
		{"ErrNoValue", []string{"city", "palembang", "--format"}, nil, "", false, "c2c city: flag needs an argument: --format (see c2c city --help)"},
		{"ErrBadValue", []string{"city", "palembang", "--quiet=maybe"}, nil, "", false, `invalid value "maybe" for flag --quiet=maybe`},
		{"Subcommand", []string{"rule", "pin", "a", "b", "--format", "json"}, []string{"a", "b"}, "json", false, ""},
		{"ErrSubcommand", []string{"rule", "pin", "a", "--top"}, nil, "", false, "c2c rule pin: flag provided but not defined: --top (see c2c rule pin --help)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			var format string
			var quiet bool
			err := run(t, func(c *cli.Context) error {
				var err error
				got, err = cmdline.Arguments(c)
				format, quiet = c.String("format"), c.Bool("quiet")
				return err
			}, tt.args...)
			if tt.wantErr != "" {
				assertInvalid(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.format, format)
			assert.Equal(t, tt.quiet, quiet)
		})
	}
}

func TestNoArguments(t *testing.T) {
	action := func(c *cli.Context) error { return cmdline.NoArguments(c) }
	require.NoError(t, run(t, action, "city", "--format", "json"))
	err := run(t, action, "city", "--quiet", "palembang")
	assert.EqualError(t, err, `c2c city: unexpected argument "palembang" (see c2c city --help)`)
}

func TestUsageError(t *testing.T) {
	err := run(t, func(*cli.Context) error { return nil }, "--colour")
	assert.EqualError(t, err, "c2c: flag provided but not defined: -colour (see c2c --help)")
	err = run(t, func(*cli.Context) error { return nil }, "city", "--db", "x.db")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "c2c city: flag provided but not defined: -db (--db and --empty go before the command: c2c --db PATH city) (see c2c city --help)")
	assert.Equal(t, 1, cmdline.ExitCode(err))
}

func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		name, command, want string
	}{
		{"Close", "citi", `c2c city: unknown command "citi": did you mean city? (see c2c city --help)`},
		{"Far", "xyzzyplugh", `c2c city: unknown command "xyzzyplugh" (see c2c city --help)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(t, func(c *cli.Context) error { return cmdline.UnknownCommand(c, tt.command) }, "city")
			assert.EqualError(t, err, tt.want)
		})
	}
	t.Run("Subcommand", func(t *testing.T) {
		var path string
		err := run(t, func(c *cli.Context) error { path = cmdline.CommandPath(c); return nil }, "rule", "pin")
		require.NoError(t, err)
		assert.Equal(t, "c2c rule pin", path)
	})
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name    string
		err     *model.Error
		wantKey string
	}{
		{"Flag", &model.Error{Code: model.EINVALID, Key: "format", Message: "bad"}, "--format"},
		{"NotAFlag", &model.Error{Code: model.EINVALID, Key: "top", Message: "bad"}, "top"},
		{"FromAFile", &model.Error{Code: model.EINVALID, File: "in.json", Key: "format", Message: "bad"}, "format"},
		{"FromALine", &model.Error{Code: model.EINVALID, Line: 3, Key: "quiet", Message: "bad"}, "quiet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wrapped := fmt.Errorf("context: %w", errors.Join(model.Errors{tt.err}))
			err := run(t, func(c *cli.Context) error { return cmdline.FlagErrors(c, wrapped) }, "city")
			require.Error(t, err)
			assert.Equal(t, tt.wantKey, tt.err.Key)
		})
	}
	t.Run("Nil", func(t *testing.T) {
		require.NoError(t, run(t, func(c *cli.Context) error { return cmdline.FlagErrors(c, nil) }, "city"))
	})
}

func TestFormats(t *testing.T) {
	ff := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	tests := []struct {
		name, flag string
		want       render.Format
		wantErr    string
	}{
		{"Default", "", render.FormatTable, ""},
		{"AnyCase", "JSON", render.FormatJSON, ""},
		{"MD", "md", render.FormatMarkdown, ""},
		{"ErrUnknown", "csv", "", `c2c city: unknown --format "csv": expected one of table, json, markdown (see c2c city --help)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"city"}
			if tt.flag != "" {
				args = append(args, "--format", tt.flag)
			}
			var got render.Format
			app := &cli.App{Name: "c2c", ExitErrHandler: func(*cli.Context, error) {},
				Commands: []*cli.Command{{Name: "city", Flags: []cli.Flag{ff.Flag()}, Action: func(c *cli.Context) error {
					var err error
					got, err = ff.Get(c)
					return err
				}}}}
			err := app.Run(append([]string{"c2c"}, args...))
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	f, ok := ff.Flag().(*cli.StringFlag)
	require.True(t, ok)
	assert.Equal(t, "table", f.Value)
	assert.Equal(t, "output `FORMAT`: table, json, markdown", f.Usage)
}

func TestExactArguments(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		args    []string
		want    []string
		wantErr string
	}{
		{"None", 0, nil, []string{}, ""},
		{"ErrUnexpected", 0, []string{"palembang"}, nil, `c2c city: unexpected argument "palembang" (see c2c city --help)`},
		{"One", 1, []string{"palembang", "--quiet"}, []string{"palembang"}, ""},
		{"ErrTooFew", 2, []string{"palembang"}, nil, "c2c city: expected BENEFICIARY and RESOURCE ids, got 1 arguments (see c2c city --help)"},
		{"ErrTooMany", 2, []string{"a", "b", "c"}, nil, "c2c city: expected BENEFICIARY and RESOURCE ids, got 3 arguments (see c2c city --help)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := run(t, func(c *cli.Context) error {
				var err error
				got, err = cmdline.ExactArguments(c, tt.n, "BENEFICIARY and RESOURCE ids")
				return err
			}, append([]string{"city"}, tt.args...)...)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, len(tt.want), len(got))
			if len(tt.want) > 0 {
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestPrepare(t *testing.T) {
	tests := []struct {
		name     string
		cancel   bool
		err      error
		wantCode int
		wantMsg  string
	}{
		{"OK", false, nil, 0, ""},
		{"FlagKey", false, &model.Error{Code: model.EINVALID, Key: "format", Message: "bad"}, 1, "--format"},
		{"Interrupted", true, errors.New("database statement cut short"), 130, "interrupted"},
		{"InterruptedAsItSays", true, context.Canceled, 130, "interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			sub := &cli.Command{Name: "pin", Flags: []cli.Flag{&cli.StringFlag{Name: "format"}}, Action: func(*cli.Context) error {
				if tt.cancel {
					cancel()
				}
				return tt.err
			}}
			cmd := &cli.Command{Name: "rule", Subcommands: []*cli.Command{sub}}
			cmdline.Prepare(cmd)
			assert.True(t, cmd.HideHelpCommand)
			assert.NotNil(t, sub.OnUsageError, "subcommands are prepared")
			app := &cli.App{Name: "c2c", ExitErrHandler: func(*cli.Context, error) {}, Commands: []*cli.Command{cmd}}
			err := app.RunContext(ctx, []string{"c2c", "rule", "pin"})
			assert.Equal(t, tt.wantCode, cmdline.ExitCode(err), "%v", err)
			if tt.wantMsg != "" {
				assert.Contains(t, model.ErrorMessage(err), tt.wantMsg)
			}
		})
	}
}

func TestGiven(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want *string
	}{
		{"Unset", []string{"city"}, nil},
		{"Set", []string{"city", "--format", "json"}, ptr("json")},
		{"SetEmpty", []string{"city", "--format", ""}, ptr("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *string
			require.NoError(t, run(t, func(c *cli.Context) error { got = cmdline.Given(c)("format"); return nil }, tt.args...))
			assert.Equal(t, tt.want, got)
		})
	}
}

func ptr[T any](v T) *T { return &v }
