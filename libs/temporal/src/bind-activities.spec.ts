import { bindActivities } from './bind-activities';

class Greeter {
  constructor(private readonly name: string) {}
  greet(): Promise<string> {
    return Promise.resolve(`hello ${this.name}`);
  }
}

class Other {
  greet(): Promise<string> {
    return Promise.resolve('again');
  }
}

describe('bindActivities', () => {
  it('binds every method to its instance', async () => {
    const activities = bindActivities(new Greeter('worker'));
    expect(Object.keys(activities)).toEqual(['greet']);
    const greet = activities.greet as () => Promise<string>;
    await expect(greet()).resolves.toBe('hello worker');
  });

  it('refuses two activities of the same name', () => {
    expect(() => bindActivities(new Greeter('a'), new Other())).toThrow('activity "greet" is defined twice');
  });
});
