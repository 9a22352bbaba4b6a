evaluate(new File(basedir, '../../../src/it-shared/update-service.groovy'))
// An edit not yet committed.
new File(basedir, '.gitignore') << 'build/\n'
true
