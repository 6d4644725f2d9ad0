// Tests send traffic to 127.0.0.1 only, but the device HTTP client honours HTTPS_PROXY: a proxy set in
// the developer's shell would carry the tests' requests to it. The proxy tests set their own.
for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'])
  delete process.env[name]
