// A version the service sets wins over the platform BOM (the BOM has snakeyaml 2.4, logback 1.5.37).
def deps = new File(basedir, 'target/deps.txt').text
assert deps.contains('org.yaml:snakeyaml:jar:2.3:runtime')
assert !deps.contains('org.yaml:snakeyaml:jar:2.4')
assert deps.contains('ch.qos.logback:logback-classic:jar:1.5.18:runtime')
// The rest of the common set is still there, at the BOM's versions.
assert deps.contains('io.micronaut:micronaut-http-server-netty:jar:')
assert deps.contains('io.micronaut.views:micronaut-views-thymeleaf:jar:')
