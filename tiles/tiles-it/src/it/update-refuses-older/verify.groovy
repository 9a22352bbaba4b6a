def log = new File(basedir, 'build.log').text
assert log.contains("the target version ${platformVersion} is older than the service's template version 99.0.0")
assert log.contains('Nothing was changed.')
assert new File(basedir, '.platform-template.properties').text.contains('template.version=99.0.0\n')
