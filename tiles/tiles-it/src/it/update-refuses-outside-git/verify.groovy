def log = new File(basedir, 'build.log').text
assert log.contains('update-refuses-outside-git is not a git working tree (')
assert log.contains('Fix: git init and commit the service first')
assert log.contains('Nothing was changed.')
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.properties.'platform.version' == '0.0.9'
assert !new File(basedir, '.git').exists()
