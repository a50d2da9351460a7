package store_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleResults returns hand-made results with every field set, names in
// several scripts included.
func sampleResults() *model.RunResults {
	part := func(v, w float64) model.Part { return model.Part{Value: v, Weight: w, Contribution: v * w} }
	cand := func(rank int, id, name string, score float64) model.Candidate {
		return model.Candidate{
			Rank: rank, Resource: id, Name: name, Country: "KR", Development: model.Developed, Score: score,
			Parts:   model.Breakdown{Need: part(0.5, 0.45), Reciprocity: part(0.1, 0.1), Context: part(0.3, 0.15), Evidence: part(0.2, 0.15), Feasibility: part(0.7, 0.1), History: part(0, 0.05)},
			Reasons: []string{"covers 55% of the needs", "tested practice \"BRT\" <since 2004>"},
			Matches: []model.Match{{Need: "Buses are slow", Offer: "capacity \"BRT\"", Topic: "public-transport", Via: "same topic", Contribution: 0.1636}},
			Against: []string{"far away"}, Promoted: 3,
		}
	}
	return &model.RunResults{
		Shortlists: []model.Shortlist{
			{Beneficiary: "palembang", Name: "Palembang", Needs: []string{"Public transport"}, Quota: model.Quota{Share: 0.4, Required: 2, Met: true, Note: "2 of the top 5"},
				Candidates: []model.Candidate{cand(1, "seoul", "서울", 0.4521), cand(2, "penang", "Pulau Pinang", 0.2733)}, Qualified: 3, Developing: 2},
			{Beneficiary: "dhaka", Name: "ঢাকা", Needs: []string{"Waste collection", "Landfills"}, Quota: model.Quota{Share: 0.4, Required: 2, Note: "0 of 2"},
				Candidates: []model.Candidate{}, Qualified: 0},
		},
		Pairing: &model.Pairing{
			Objective: "serve as many as possible", TotalScore: 0.4521, Served: 1, FullyServed: 0, Beneficiaries: 2,
			Pairs: []model.PairingPair{{Beneficiary: "palembang", Resource: "seoul", Score: 0.4521, Topic: "public-transport", Cluster: "seoul/transport",
				Table: "서울: Transport", Developing: false}},
			Partial:  []model.Partial{{Beneficiary: "palembang", Partners: 1, Wanted: 2, Reason: "its other candidates are full: penang (1/1)", Relax: "one more hosting place at penang"}},
			Unserved: []model.Unserved{{Beneficiary: "dhaka", Reason: "no allowed candidate", Relax: "invite a member"}},
			Load:     []model.Load{{Resource: "seoul", Hosted: 1, Capacity: 3}},
			Clusters: []model.Cluster{{ID: "seoul/transport", Name: "서울: Transport", Resource: "seoul", Sector: "transport", Label: "Transport", Topic: "public-transport",
				Members: []model.ClusterMember{{Beneficiary: "palembang", Needs: []string{"Buses are slow"}}}}},
		},
	}
}

func startRun(t *testing.T, db *store.DB) *model.Run {
	t.Helper()
	doc := fixtures.Sample()
	doc.Normalize(fixtures.Reference())
	digest, inputs, err := store.InputDigests(doc)
	require.NoError(t, err)
	r := &model.Run{Version: "test", Parameters: json.RawMessage(`{"top": 5}`), InputDigest: digest, Inputs: inputs, Cities: len(doc.Cities), PID: 42}
	require.NoError(t, db.StartRun(t.Context(), r, doc))
	return r
}

func TestRunLifecycle(t *testing.T) {
	db := storetest.MustOpenDB(t)
	clock := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	ctx := t.Context()

	r := startRun(t, db)
	assert.Equal(t, int64(1), r.ID)
	runs, err := db.Runs(ctx)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, model.RunRunning, runs[0].Status)
	assert.True(t, runs[0].Ended.IsZero())
	assert.Equal(t, 42, runs[0].PID)

	res := sampleResults()
	digest, err := store.ResultDigest(r.Parameters, res)
	require.NoError(t, err)
	r.ResultDigest = digest
	r.Timing = json.RawMessage(`{"wall":"1s"}`)
	require.NoError(t, db.FinishRun(ctx, r, res))

	got, err := db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, model.RunDone, got.Status)
	assert.Equal(t, time.Date(2026, 11, 1, 9, 1, 0, 0, time.UTC), got.Started)
	assert.Equal(t, time.Date(2026, 11, 1, 9, 2, 0, 0, time.UTC), got.Ended)
	assert.Equal(t, r.InputDigest, got.InputDigest)
	assert.Equal(t, r.Inputs, got.Inputs)
	assert.JSONEq(t, `{"top": 5}`, string(got.Parameters))
	assert.Equal(t, []int{2, 2, 1, 1}, []int{got.Beneficiaries, got.Candidates, got.Pairs, got.Served})

	back, err := db.RunResults(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, res, back, "results read back as stored")
	again, err := store.ResultDigest(got.Parameters, back)
	require.NoError(t, err)
	assert.Equal(t, digest, again, "the stored results give the stored digest")

	var cands []store.RankedCandidate
	require.NoError(t, db.RunCandidates(ctx, r.ID, func(c store.RankedCandidate) error { cands = append(cands, c); return nil }))
	assert.Equal(t, []store.RankedCandidate{
		{Beneficiary: "palembang", Rank: 1, Resource: "seoul", Name: "서울", Score: 0.4521},
		{Beneficiary: "palembang", Rank: 2, Resource: "penang", Name: "Pulau Pinang", Score: 0.2733},
		{Beneficiary: "dhaka"},
	}, cands)

	// A done run stays done.
	require.NoError(t, db.EndRun(ctx, r.ID, model.RunInterrupted, "late"))
	got, err = db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, model.RunDone, got.Status)
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(db.FinishRun(ctx, r, res)), "finishing twice")
}

func TestRunInterruptedAndRemoved(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := t.Context()
	keep := startRun(t, db)
	require.NoError(t, db.FinishRun(ctx, keep, sampleResults()))
	r := startRun(t, db)
	require.NoError(t, db.EndRun(ctx, r.ID, model.RunInterrupted, "interrupted by the user"))
	got, err := db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, model.RunInterrupted, got.Status)
	assert.Equal(t, "interrupted by the user", got.Message)
	assert.False(t, got.Ended.IsZero())

	_, err = db.RunResults(ctx, r.ID)
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "an interrupted run has no results")
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(db.FinishRun(ctx, r, sampleResults())))
	assert.Equal(t, model.EINVALID, model.ErrorCode(db.EndRun(ctx, r.ID, model.RunDone, "")))

	require.NoError(t, db.RemoveRun(ctx, keep.ID))
	for _, err := range []error{
		db.RemoveRun(ctx, keep.ID),
		func() error { _, err := db.Run(ctx, keep.ID); return err }(),
		func() error { _, err := db.RunResults(ctx, keep.ID); return err }(),
		db.RunCandidates(ctx, keep.ID, func(store.RankedCandidate) error { return nil }),
		db.FinishRun(ctx, &model.Run{ID: 99}, sampleResults()),
	} {
		var me *model.Error
		require.True(t, errors.As(err, &me), "%v", err)
		assert.Equal(t, model.ENOTFOUND, me.Code)
	}
	runs, err := db.Runs(ctx)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, r.ID, runs[0].ID)
}

func TestInputDigests(t *testing.T) {
	ref := fixtures.Reference()
	load := func() *model.Document {
		doc := fixtures.Sample()
		doc.Normalize(ref)
		doc.SortCities()
		return doc
	}
	a, b := load(), load()
	da, ia, err := store.InputDigests(a)
	require.NoError(t, err)
	db, ib, err := store.InputDigests(b)
	require.NoError(t, err)
	assert.Equal(t, da, db, "same document, same digest")
	assert.Equal(t, ia, ib)
	assert.Len(t, da, 64)

	i := b.CityIndex()["penang"]
	b.Cities[i].Capacities[0].Level = 5
	b.Rules = append(b.Rules, model.Rule{Beneficiary: "dhaka", Resource: "seoul", Rule: model.Pin})
	db, ib, err = store.InputDigests(b)
	require.NoError(t, err)
	assert.NotEqual(t, da, db)
	changed := map[string]bool{}
	old := map[string]string{}
	for _, in := range ia {
		old[in.Key] = in.Digest
	}
	for _, in := range ib {
		if old[in.Key] != in.Digest {
			changed[in.Key] = true
		}
	}
	assert.Equal(t, map[string]bool{"city:penang": true, "rule:dhaka/seoul": true}, changed)
}

func TestRunInput(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := t.Context()
	r := startRun(t, db)
	doc, err := db.RunInput(ctx, r.ID)
	require.NoError(t, err)
	require.NotNil(t, doc, "the input is kept")
	digest, _, err := store.InputDigests(doc)
	require.NoError(t, err)
	assert.Equal(t, r.InputDigest, digest, "the stored input is the one digested")
	want := fixtures.Sample()
	want.Normalize(fixtures.Reference())
	assert.Len(t, doc.Cities, len(want.Cities))

	old := &model.Run{Version: "test", Parameters: json.RawMessage(`{}`), InputDigest: r.InputDigest}
	require.NoError(t, db.StartRun(ctx, old, nil))
	doc, err = db.RunInput(ctx, old.ID)
	require.NoError(t, err)
	assert.Nil(t, doc, "a run without a kept input")

	_, err = db.RunInput(ctx, 99)
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
}
