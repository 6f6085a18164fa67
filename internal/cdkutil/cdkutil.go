// Package cdkutil holds small CDK helpers shared by the constructs.
package cdkutil

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"

	"github.com/trailbridge/trailbridge/internal/validate"
)

// retentionEnums are awslogs.RetentionDays in the order of validate.RetentionDays.
var retentionEnums = []awslogs.RetentionDays{
	awslogs.RetentionDays_ONE_DAY, awslogs.RetentionDays_THREE_DAYS, awslogs.RetentionDays_FIVE_DAYS,
	awslogs.RetentionDays_ONE_WEEK, awslogs.RetentionDays_TWO_WEEKS, awslogs.RetentionDays_ONE_MONTH,
	awslogs.RetentionDays_TWO_MONTHS, awslogs.RetentionDays_THREE_MONTHS, awslogs.RetentionDays_FOUR_MONTHS,
	awslogs.RetentionDays_FIVE_MONTHS, awslogs.RetentionDays_SIX_MONTHS, awslogs.RetentionDays_ONE_YEAR,
	awslogs.RetentionDays_THIRTEEN_MONTHS, awslogs.RetentionDays_EIGHTEEN_MONTHS, awslogs.RetentionDays_TWO_YEARS,
	awslogs.RetentionDays_THREE_YEARS, awslogs.RetentionDays_FIVE_YEARS, awslogs.RetentionDays_SIX_YEARS,
	awslogs.RetentionDays_SEVEN_YEARS, awslogs.RetentionDays_EIGHT_YEARS, awslogs.RetentionDays_NINE_YEARS,
	awslogs.RetentionDays_TEN_YEARS,
}

// Retention maps a number of days (one of validate.RetentionDays) to the CDK
// enum. It panics on any other number: validate the days first.
func Retention(days int) awslogs.RetentionDays {
	i := slices.Index(validate.RetentionDays, days)
	if i < 0 {
		panic("cdkutil.Retention: not a CloudWatch Logs retention value")
	}
	return retentionEnums[i]
}
