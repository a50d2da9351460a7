// Command c2c is the command-line program of the c2c matchmaking engine for
// city-to-city cooperation: it keeps the member profiles of a network
// (challenges, capacities, tested practices, exchange history and the
// secretariat's rules) in a SQLite database, matches beneficiary cities with
// resource cities, pairs them in stored, reproducible batch runs, and
// generates synthetic networks for tests and benchmarks. c2c serve runs the
// same work as a web application with a JSON API (package
// cmd/c2c/internal/web), for accounts that c2c user manages.
//
// Usage:
//
//	c2c [--db PATH] [--empty] COMMAND [FLAGS] [ARGUMENTS]
//
// The database is a SQLite file, by default $XDG_DATA_HOME/c2c/c2c.db (else
// ~/.local/share/c2c/c2c.db), or the one named by --db or $C2C_DB. It is
// created on first use and loaded with the embedded sample network unless
// --empty is given, so the program works with no setup.
//
// Commands:
//
//	import     add or replace members from c2c/v1 JSON files or folders of CSV files
//	export     write every member, exchange and rule as a c2c/v1 document
//	cities     list the members, filtered by country, development, kind or topic
//	city       show a member's profile: needs, offers, practices, exchange history and rules
//	topics     list the topics of the taxonomy, optionally of one sector
//	shortlist  rank and explain the best resource cities for one beneficiary
//	letter     write one printable page for a beneficiary: its shortlist with the reasons for and against, fit to send to a mayor
//	explain    explain the score of one beneficiary–resource pair, even an excluded one
//	scores     print every beneficiary–resource pair with its score parts, for audit
//	gaps       list the needs nobody in the network covers well, by topic, most beneficiaries first
//	evaluate   measure the engine on the network's own recorded exchanges (leave-one-out);
//	           --fit fits the part weights to them, cross-validated, and writes a --weights-file
//	rule       block or pin a beneficiary–resource pair, or remove such a rule
//	rules      list the secretariat's block and pin rules, with why, by whom and when
//	pair       seat every beneficiary with resource cities, optimally, without over-booking any resource
//	batch      shortlist every beneficiary and pair them all in one stored, reproducible run, published as a report
//	runs       list the stored batch runs; show, verify, compare, approve, publish or remove one
//	synth      write a synthetic c2c/v1 network of N members, for tests and benchmarks
//	serve      run the web application for the secretariat, with its JSON API
//	user       add, change or remove an account of the web application, or issue an API token
//	audit      list the audit log: every write, by whom, when, on what
//	help, h    show the commands, or one command's help
//
// c2c COMMAND --help shows the flags and arguments of one command.
//
// Edits are safe by default. c2c import --dry-run lists, per member, what an
// import would add, replace (with the lists that shrink, "hanoi: challenges
// 4 → 0") and remove, and changes nothing. An import that removes members
// asks first on a terminal and is refused off one unless --yes is given, as
// is c2c runs rm, which first says what the run is (its review: who approved
// and published it) and what it holds; two
// rules on one pair, a pin its resource cannot host, and empty or
// punctuation-only texts are refused with located errors. c2c rule block|pin
// requires --why and records --by (default: the login name) and the time.
// Documents, fields and lists have documented size limits (README, "Limits").
//
// Exit status: 0 on success, 1 when the input or the command line is wrong
// or names something that does not exist or conflicts (the message says what
// was expected), 2 on an internal error, 130 when interrupted (SIGINT or
// SIGTERM cancels the running command).
//
// The program is built as in benbjohnson/wtf: main only wires signals, and
// Main holds the writers, the reference tables and the store; each command
// lives in its own file and returns a *cli.Command. The commands wire; the
// work is elsewhere: the batch pass, the run diff and the verify verdict in
// package match/batch, the stored runs (batch, verify, publish, diff) in
// cmd/c2c/internal/runs, the tables and views people read in
// cmd/c2c/internal/render, the published run folder in
// cmd/c2c/internal/publish, the shared flag and argument handling in
// cmd/c2c/internal/cmdline, opening the store in
// cmd/c2c/internal/database, and the web application in
// cmd/c2c/internal/web.
package main
