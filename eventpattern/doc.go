// Package eventpattern is an offline implementation of Amazon EventBridge
// event-pattern matching. trailbridge uses it to prove its rules: every rule
// pattern it generates is compiled here and run against recorded CloudTrail
// events, without calling AWS and without any CDK dependency.
//
// The semantics follow EventBridge (which runs AWS's event-ruler library) and
// are checked against conformance vectors that were validated against the real
// TestEventPattern API (see testdata/conformance):
//
//   - An event is a list of (path, value) pairs: object keys are joined with
//     dots, so {"a":{"b":1}} and {"a.b":1} are the same, and every array
//     element is a value of the array's path. Empty objects and arrays add
//     nothing. This is EventBridge's documented behaviour ("it uses dot (.)
//     as a joining character"), pinned by the project vectors in
//     testdata/project, which were not checked against AWS.
//   - A pattern field matches when any value in its list matches any of the
//     event's values at that path; all fields must match. A field absent from
//     the event does not match, except through {"exists": false}.
//   - Exact strings, booleans and null match by type and value; numbers match
//     numerically (300 matches 300.0) when both lie within ±5e9 with at most
//     six decimals, and by literal text otherwise. A string pattern that is
//     an IP address matches the same address in any notation.
//   - prefix, suffix (each optionally {"equals-ignore-case": ...}),
//     equals-ignore-case, wildcard and cidr match string values only.
//   - numeric takes "=", or ">"/">=" optionally followed by "<"/"<=", or
//     "<"/"<=", and matches JSON numbers only.
//   - anything-but (a value, a list, or the prefix, suffix, wildcard and
//     equals-ignore-case forms) matches every value at the path except the
//     excluded ones, including values of other types such as null; it does
//     not match an absent field.
//   - exists:true matches any value, null included, but not an object or an
//     empty array; exists:false matches when the path has no value.
//   - "$or" takes two or more objects, at any level.
//   - Values that match must not come from different elements of the same
//     event array (event-ruler's array-consistent matching).
//   - A path repeated in a pattern (including a duplicated JSON key) keeps
//     its last value list.
//
// Compile rejects what EventBridge rejects, with EventBridge's reason and the
// field path. Match and MatchEvent are safe for concurrent use; MatchEvent on
// an Event from ParseEvent does not allocate.
//
// Matching across arrays backtracks over array elements, as event-ruler does,
// so a pattern whose fields can only be satisfied together by an
// inconsistent choice of elements may take time exponential in the number of
// such fields; fields that cannot match at all are detected up front.
package eventpattern
