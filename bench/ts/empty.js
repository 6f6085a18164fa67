// The floor of a TypeScript CDK app: one empty stack (bench/run: floor/ts-empty).
const cdk = require('aws-cdk-lib');
const app = new cdk.App();
new cdk.Stack(app, 'Empty');
app.synth();
