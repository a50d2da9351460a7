package runs

import (
	"context"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
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
