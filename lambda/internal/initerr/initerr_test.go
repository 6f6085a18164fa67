package initerr_test

import (
	"errors"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/internal/runtimeapi"
)

func TestPost(t *testing.T) {
	api := runtimeapi.NewServer([]byte(`{}`))
	defer api.Close()
	if err := initerr.Post(api.Addr(), errors.New(`TRAILBRIDGE_MODE="on": must be one of off, alert, dry-run, remediate`)); err != nil {
		t.Fatal(err)
	}
	<-api.Done()
	if e := api.InitError(); e == nil || e.Type != initerr.ErrorType || e.Message != `TRAILBRIDGE_MODE="on": must be one of off, alert, dry-run, remediate` {
		t.Errorf("init error %+v", e)
	}
}
