package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// citySelection is the cities a load reads: where(col) is the WHERE clause
// (with its leading space, or "") that keeps their rows of a table whose
// city id is column col ("id" for the cities table itself), and args its
// arguments.
type citySelection struct {
	where func(col string) string
	args  []any
}

// allCities selects every city.
var allCities = citySelection{where: func(string) string { return "" }}

// oneCity selects city id.
func oneCity(id string) citySelection {
	return citySelection{where: func(col string) string { return " WHERE " + col + " = ?" }, args: []any{id}}
}

// filtered selects the cities for which cond, a condition on the cities
// table, holds, or every city when cond is "".
func filtered(cond string, args []any) citySelection {
	if cond == "" {
		return allCities
	}
	return citySelection{where: func(col string) string {
		if col == "id" {
			return " WHERE " + cond
		}
		return " WHERE " + col + " IN (SELECT id FROM cities WHERE " + cond + ")"
	}, args: args}
}

// Cities returns the normalised profiles of the stored cities that pass f,
// sorted by id, as Document lists them: an empty filter gives every city.
// It reads in one snapshot only the profiles the filter lets through, not
// the rest of the network nor its exchanges and rules: the database
// selects by country, development, kind and given topic, and f.Match, the
// reference, has the last word on every city read. Topic fields match the
// topics profiles give, not those that could be inferred from their text.
func (db *DB) Cities(ctx context.Context, f model.CityFilter) ([]model.City, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("cities: %w", err)
	}
	defer tx.Rollback()
	cities, err := loadCities(ctx, tx, filtered(cityCondition(f)))
	if err != nil {
		return nil, fmt.Errorf("cities: %w", err)
	}
	kept := cities[:0]
	for i := range cities {
		if f.Match(&cities[i]) {
			kept = append(kept, cities[i])
		}
	}
	return kept, tx.Commit()
}

// cityCondition is the SQL condition on the cities table, with its
// arguments, that selects every city f.Match accepts, and as few others as
// it can: "" when it selects nothing out. Match compares countries by
// Unicode case folding, which SQLite's NOCASE does for ASCII only, so a
// country with other letters is left to Match.
func cityCondition(f model.CityFilter) (string, []any) {
	var conds []string
	var args []any
	and := func(cond string, vals ...any) {
		conds = append(conds, cond)
		args = append(args, vals...)
	}
	if f.Country != nil && isASCII(*f.Country) {
		and(`(country = ? COLLATE NOCASE OR country GLOB '*[^ -~]*')`, *f.Country)
	}
	if f.Development != nil {
		and(`development = ?`, string(*f.Development))
	}
	if f.Kind != nil {
		if *f.Kind == model.KindCity {
			and(`kind IN (?, '')`, string(*f.Kind))
		} else {
			and(`kind = ?`, string(*f.Kind))
		}
	}
	const (
		needs  = `id IN (SELECT city FROM challenges WHERE topic = ?)`
		offers = `(id IN (SELECT city FROM capacities WHERE topic = ?) OR id IN (SELECT city FROM practice_topics WHERE topic = ?))`
	)
	if f.Needs != nil {
		and(needs, *f.Needs)
	}
	if f.Offers != nil {
		and(offers, *f.Offers, *f.Offers)
	}
	if f.Topic != nil {
		and(`(`+needs+` OR `+offers+`)`, *f.Topic, *f.Topic, *f.Topic)
	}
	return strings.Join(conds, " AND "), args
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
