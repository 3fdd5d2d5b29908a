package seeds

import (
	"context"
	"flag"
	"io"

	"jobfair/models"
)

// DemoOptions size the demo data set.
type DemoOptions struct {
	Scale    float64
	Years    []int
	Progress io.Writer
}

// ParseDemoFlags reads `jobfair demo` options.
func ParseDemoFlags(args []string) (DemoOptions, error) {
	fl := flag.NewFlagSet("demo", flag.ContinueOnError)
	o := DemoOptions{}
	fl.Float64Var(&o.Scale, "scale", 1, "size relative to the province's real volume")
	err := fl.Parse(args)
	return o, err
}

// LoadDemo fills an empty database with the demo.
func LoadDemo(ctx context.Context, s *models.Store, o DemoOptions) error { return nil }
