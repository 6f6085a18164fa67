package awsenv

import (
	"context"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigFromTheLambdaEnvironment(t *testing.T) {
	cfg, err := Config(env(map[string]string{
		"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET",
		"AWS_SESSION_TOKEN": "TOKEN", "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-west-1" || creds.AccessKeyID != "AKID" || creds.SecretAccessKey != "SECRET" || creds.SessionToken != "TOKEN" {
		t.Errorf("config = %+v, credentials = %+v", cfg, creds)
	}
	if cfg.BaseEndpoint == nil || *cfg.BaseEndpoint != "http://127.0.0.1:9" || cfg.RetryMaxAttempts != 1 {
		t.Errorf("endpoint/retries = %v/%d", cfg.BaseEndpoint, cfg.RetryMaxAttempts)
	}
}

func TestEveryMissingVariableIsReported(t *testing.T) {
	_, err := Config(env(map[string]string{"AWS_MAX_ATTEMPTS": "many"}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"AWS_REGION: not set", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: not set", `AWS_MAX_ATTEMPTS: got "many"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	cfg, err := Config(env(map[string]string{"AWS_DEFAULT_REGION": "us-west-2", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}))
	if err != nil || cfg.Region != "us-west-2" {
		t.Errorf("AWS_DEFAULT_REGION fallback: %v %v", cfg.Region, err)
	}
}
