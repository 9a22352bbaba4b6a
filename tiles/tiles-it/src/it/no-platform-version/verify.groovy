// Without platform.version the build fails at once and the message names the property.
def log = new File(basedir, 'build.log').text
// Maven names the unresolved property in the import of the platform BOM.
assert log.contains('platform-bom:pom:${platform.version}')
assert !new File(basedir, 'target').exists()
