package runs

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// List returns every stored run, oldest first, with the status listings
// show (see Status); an empty list, not nil, when there is none. It is
// what c2c runs prints and GET /api/v1/runs returns.
func (rn *Runner) List(ctx context.Context) ([]model.Run, error) {
	list, err := rn.DB.Runs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Status = Status(&list[i])
	}
	if list == nil {
		list = []model.Run{}
	}
	return list, nil
}

// Show returns run id as c2c runs show prints it: its record with the
// status listings show, and its results when it is done. It returns
// ENOTFOUND for an unknown run.
func (rn *Runner) Show(ctx context.Context, id int64) (render.RunShown, error) {
	r, err := rn.DB.Run(ctx, id)
	if err != nil {
		return render.RunShown{}, err
	}
	r.Status = Status(r)
	shown := render.RunShown{Run: r}
	if r.Status == model.RunDone {
		if shown.Results, err = rn.DB.RunResults(ctx, r.ID); err != nil {
			return render.RunShown{}, err
		}
	}
	return shown, nil
}

// ParseID reads a run id as c2c runs and the web application take it: a
// number from 1, optionally after "#" ("3", "#3"). ok is false for
// anything else.
func ParseID(s string) (id int64, ok bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id < 1 {
		return 0, false
	}
	return id, true
}

// Remove removes run id and its results as by's decision, and records
// the removal, with what the run was (render.RunRemoval), in the audit
// log. A run still running (its process alive, see Status) is refused
// with ECONFLICT; an unknown run is ENOTFOUND. Before anything is removed
// confirm, unless nil, is given the run, with its status, and what it
// holds; an error from it leaves the run as it was and is returned. A
// published run's files, wherever they were written, are not touched. It
// returns the run as it was.
func (rn *Runner) Remove(ctx context.Context, id int64, by string, confirm func(r *model.Run) error) (*model.Run, error) {
	r, err := rn.DB.Run(ctx, id)
	if err != nil {
		return nil, err
	}
	r.Status = Status(r)
	if r.Status == model.RunRunning {
		return nil, &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is still running (process %d on %s): stop it first", r.ID, r.PID, r.Host)}
	}
	if confirm != nil {
		if err := confirm(r); err != nil {
			return nil, err
		}
	}
	e := model.AuditEntry{User: by, Action: store.ActionRunRemove, Target: store.RunTarget(r.ID), Detail: render.RunRemoval(r)}
	if err := rn.DB.RemoveRun(store.Audited(ctx, e), r.ID); err != nil {
		return nil, err
	}
	return r, nil
}
