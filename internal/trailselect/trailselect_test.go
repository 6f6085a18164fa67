package trailselect

import (
	"reflect"
	"testing"
)

func TestSelectors(t *testing.T) {
	s := Spec{
		ManagementEvents: ReadWriteWriteOnly,
		S3Objects:        []Object{ParseObject("logs/app/"), ParseObject("data")},
		S3ReadWrite:      ReadWriteAll,
		LambdaMode:       LambdaListed,
		LambdaFunctions:  []string{"arn:aws:lambda:us-east-1:111111111111:function:f"},
	}
	got := Selectors(s, "aws-cn")
	want := []EventSelector{
		{Name: "Management events", Fields: []FieldSelector{
			{Field: "eventCategory", Equals: []string{"Management"}},
			{Field: "readOnly", Equals: []string{"false"}},
		}},
		{Name: "S3 object events of selected buckets", Fields: []FieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "resources.ARN", StartsWith: []string{"arn:aws-cn:s3:::logs/app/", "arn:aws-cn:s3:::data/"}},
		}},
		{Name: "Lambda Invoke events of selected functions", Fields: []FieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}},
			{Field: "resources.ARN", Equals: []string{"arn:aws:lambda:us-east-1:111111111111:function:f"}},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Selectors:\n got %+v\nwant %+v", got, want)
	}
	// 2 + 4 + 3 values.
	if n := ConditionValueCount(s); n != 9 {
		t.Errorf("ConditionValueCount = %d, want 9", n)
	}
	if n := ConditionValueCount(Spec{ManagementEvents: ReadWriteNone}); n != 0 {
		t.Errorf("nothing selected: ConditionValueCount = %d, want 0", n)
	}
}
