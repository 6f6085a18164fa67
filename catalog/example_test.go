package catalog_test

import (
	"fmt"

	"github.com/trailbridge/trailbridge/catalog"
)

func Example() {
	s, err := catalog.Lookup("Route53")
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Source, s.EventSource, s.GlobalOnly, s.HomeRegion)

	_, err = catalog.Lookup("s4")
	fmt.Println(err != nil)

	fmt.Println(catalog.ValidRegion("me-central-1"), catalog.OptInRegion("me-central-1"))
	fmt.Println(catalog.SuggestRegion("us-east-7"))

	for _, name := range []string{"ListBuckets", "PutBucketAcl", "Decrypt", "GetSessionToken"} {
		fmt.Println(name, catalog.IsReadOnly(name))
	}
	fmt.Println(catalog.ValidDetailType(catalog.DetailTypeAPICall))
	// Output:
	// aws.route53 route53.amazonaws.com true us-east-1
	// true
	// true true
	// [us-east-1 us-east-2]
	// ListBuckets true
	// PutBucketAcl false
	// Decrypt true
	// GetSessionToken false
	// true
}
