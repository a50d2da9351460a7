package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/c2cnet/c2c/model"
)

// IsEmpty reports whether the store holds no city.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return false, fmt.Errorf("is empty: %w", err)
	}
	defer tx.Rollback()
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM cities)`).Scan(&exists); err != nil {
		return false, fmt.Errorf("is empty: %w", mapError(err))
	}
	return !exists, tx.Commit()
}

// CityIDs returns the ids of every stored city, sorted.
func (db *DB) CityIDs(ctx context.Context) ([]string, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("city ids: %w", err)
	}
	defer tx.Rollback()
	ids, err := cityIDs(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("city ids: %w", err)
	}
	return ids, tx.Commit()
}

// City returns the stored profile of city id, normalised. It returns
// ENOTFOUND, naming the closest stored ids, if there is none.
func (db *DB) City(ctx context.Context, id string) (*model.City, error) {
	doc, err := db.CityDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	return &doc.Cities[0], nil
}

// cityNotFound is the ENOTFOUND error for city id, naming the stored ids
// closest to it.
func cityNotFound(id string, stored []string) error {
	otherwise := ": expected the id of a stored city"
	if len(stored) == 0 {
		otherwise = ": the store holds no cities yet (import a document first)"
	}
	return model.UnknownCity("city", id, stored, otherwise)
}

// Document returns the whole store as one normalised document: cities
// sorted by id, exchanges in the order they were stored, rules sorted by
// beneficiary and resource, with their Created times. It reads each table
// with one query and assembles the document in memory.
func (db *DB) Document(ctx context.Context) (*model.Document, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	defer tx.Rollback()
	doc := &model.Document{Format: model.FormatVersion}
	if doc.Cities, err = loadCities(ctx, tx, allCities); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if doc.Exchanges, err = loadExchanges(ctx, tx, ""); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if doc.Rules, err = loadRules(ctx, tx, ""); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	return doc, tx.Commit()
}

// CityDocument returns what concerns city id as one document, read in one
// snapshot without reading the rest of the network: the city's profile,
// normalised, every exchange it took part in (as the resource or a
// beneficiary) and every rule on a pair it is in, in the order Document
// gives them. It returns ENOTFOUND, naming the closest stored ids, if
// there is no such city.
func (db *DB) CityDocument(ctx context.Context, id string) (*model.Document, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("city %s: %w", id, err)
	}
	defer tx.Rollback()
	doc := &model.Document{Format: model.FormatVersion}
	if doc.Cities, err = loadCities(ctx, tx, oneCity(id)); err != nil {
		return nil, fmt.Errorf("city %s: %w", id, err)
	}
	if len(doc.Cities) == 0 {
		ids, err := cityIDs(ctx, tx)
		if err != nil {
			return nil, fmt.Errorf("city %s: %w", id, err)
		}
		return nil, cityNotFound(id, ids)
	}
	if doc.Exchanges, err = loadExchanges(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("city %s: %w", id, err)
	}
	if doc.Rules, err = loadRules(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("city %s: %w", id, err)
	}
	return doc, tx.Commit()
}

func cityIDs(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var ids []string
	err := queryEach(ctx, tx, `SELECT id FROM cities ORDER BY id`, nil, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

func cityIDSet(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	ids, err := cityIDs(ctx, tx)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

// queryEach runs query and calls scan for each row. The driver would
// watch a cancellable context with a goroutine per row, so the query runs
// under one it need not watch and the loop checks ctx itself.
func queryEach(ctx context.Context, tx *sql.Tx, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(context.WithoutCancel(ctx), query, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		if err := scan(rows); err != nil {
			return err
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return mapError(err)
	}
	return ctx.Err()
}

// loadCities reads the profiles of the cities sel selects, sorted by id:
// one query per table, stitched together by city id.
func loadCities(ctx context.Context, tx *sql.Tx, sel citySelection) ([]model.City, error) {
	where, args := sel.where, sel.args
	cities := []model.City{}
	err := queryEach(ctx, tx, `SELECT id, name, country, kind, development, population, lat, lon,
		hosting, political, community, cost_sharing FROM cities`+where("id")+` ORDER BY id`, args,
		func(rows *sql.Rows) error {
			var c model.City
			var lat, lon sql.NullFloat64
			var hosting, political, community, costSharing sql.NullInt64
			if err := rows.Scan(&c.ID, &c.Name, &c.Country, &c.Kind, &c.Development, &c.Population,
				&lat, &lon, &hosting, &political, &community, &costSharing); err != nil {
				return err
			}
			if lat.Valid && lon.Valid {
				c.Location = &model.Location{Lat: lat.Float64, Lon: lon.Float64}
			}
			if hosting.Valid {
				h := int(hosting.Int64)
				c.Hosting = &h
			}
			if political.Valid || community.Valid || costSharing.Valid {
				c.Commitment = &model.Commitment{Political: int(political.Int64), Community: int(community.Int64), CostSharing: costSharing.Int64 != 0}
			}
			cities = append(cities, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load cities: %w", err)
	}
	index := make(map[string]int, len(cities))
	for i := range cities {
		index[cities[i].ID] = i
	}
	// owner returns the city a child row belongs to.
	owner := func(table, id string) (*model.City, error) {
		i, ok := index[id]
		if !ok {
			return nil, fmt.Errorf("load %s: row of unknown city %q", table, id)
		}
		return &cities[i], nil
	}
	err = queryEach(ctx, tx, `SELECT city, language FROM city_languages`+where("city")+` ORDER BY city, seq`, args,
		func(rows *sql.Rows) error {
			var city, lang string
			if err := rows.Scan(&city, &lang); err != nil {
				return err
			}
			c, err := owner("languages", city)
			if err == nil {
				c.Languages = append(c.Languages, lang)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("load languages: %w", err)
	}
	err = queryEach(ctx, tx, `SELECT city, topic, text, severity FROM challenges`+where("city")+` ORDER BY city, seq`, args,
		func(rows *sql.Rows) error {
			var city string
			var ch model.Challenge
			if err := rows.Scan(&city, &ch.Topic, &ch.Text, &ch.Severity); err != nil {
				return err
			}
			c, err := owner("challenges", city)
			if err == nil {
				c.Challenges = append(c.Challenges, ch)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("load challenges: %w", err)
	}
	err = queryEach(ctx, tx, `SELECT city, topic, text, level FROM capacities`+where("city")+` ORDER BY city, seq`, args,
		func(rows *sql.Rows) error {
			var city string
			var ca model.Capacity
			if err := rows.Scan(&city, &ca.Topic, &ca.Text, &ca.Level); err != nil {
				return err
			}
			c, err := owner("capacities", city)
			if err == nil {
				c.Capacities = append(c.Capacities, ca)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("load capacities: %w", err)
	}
	err = queryEach(ctx, tx, `SELECT city, title, text, since, cost, outcomes FROM practices`+where("city")+` ORDER BY city, seq`, args,
		func(rows *sql.Rows) error {
			var city string
			var pr model.Practice
			if err := rows.Scan(&city, &pr.Title, &pr.Text, &pr.Since, &pr.Cost, &pr.Outcomes); err != nil {
				return err
			}
			c, err := owner("practices", city)
			if err == nil {
				c.Practices = append(c.Practices, pr)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("load practices: %w", err)
	}
	err = queryEach(ctx, tx, `SELECT city, practice, topic FROM practice_topics`+where("city")+` ORDER BY city, practice, seq`, args,
		func(rows *sql.Rows) error {
			var city, topic string
			var practice int
			if err := rows.Scan(&city, &practice, &topic); err != nil {
				return err
			}
			c, err := owner("practice topics", city)
			if err != nil {
				return err
			}
			if practice < 0 || practice >= len(c.Practices) {
				return fmt.Errorf("load practice topics: city %q has no practice %d", city, practice)
			}
			c.Practices[practice].Topics = append(c.Practices[practice].Topics, topic)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load practice topics: %w", err)
	}
	return cities, nil
}

// loadExchanges returns the stored exchanges in the order they were
// stored: all of them, or those city took part in when city is not "".
func loadExchanges(ctx context.Context, tx *sql.Tx, city string) ([]model.Exchange, error) {
	var list []model.Exchange
	index := make(map[int64]int)
	where, args := "", []any(nil)
	if city != "" {
		where = ` WHERE resource = ?1 OR seq IN (SELECT exchange FROM exchange_beneficiaries WHERE beneficiary = ?1)`
		args = []any{city}
	}
	err := queryEach(ctx, tx, `SELECT seq, resource, topic, year, stage, outcome FROM exchanges`+where+` ORDER BY seq`, args,
		func(rows *sql.Rows) error {
			var seq int64
			var e model.Exchange
			if err := rows.Scan(&seq, &e.Resource, &e.Topic, &e.Year, &e.Stage, &e.Outcome); err != nil {
				return err
			}
			index[seq] = len(list)
			list = append(list, e)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load exchanges: %w", err)
	}
	bwhere := ""
	if city != "" {
		bwhere = ` WHERE exchange IN (SELECT seq FROM exchanges` + where + `)`
	}
	err = queryEach(ctx, tx, `SELECT exchange, beneficiary FROM exchange_beneficiaries`+bwhere+` ORDER BY exchange, seq`, args,
		func(rows *sql.Rows) error {
			var seq int64
			var b string
			if err := rows.Scan(&seq, &b); err != nil {
				return err
			}
			i, ok := index[seq]
			if !ok {
				return fmt.Errorf("beneficiary of unknown exchange %d", seq)
			}
			list[i].Beneficiaries = append(list[i].Beneficiaries, b)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load exchange beneficiaries: %w", err)
	}
	return list, nil
}
