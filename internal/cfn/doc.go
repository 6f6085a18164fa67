// Package cfn reads what `cdk synth` writes, without the CDK: the cloud
// assembly's manifest (stack artifacts, nested assemblies, construct-path
// metadata) and CloudFormation templates with their intrinsic functions
// resolved as far as they can be offline. It is the one reader of a cloud
// assembly and the one resolver of intrinsics, shared by simulate, the
// security gates and the test harness (internal/cdktest).
package cfn
