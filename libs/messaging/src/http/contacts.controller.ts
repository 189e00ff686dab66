import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ValidationError } from '@switchyard/errors';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { contactResource } from '../application/contact-resource';
import { ContactService } from '../application/contact.service';
import { contactRowsFromCsv } from './contact-csv';
import {
  ContactDto,
  ContactImportDto,
  ContactListDto,
  CreateContactDto,
  ImportContactsQueryDto,
  ListContactsQueryDto,
  UpdateContactDto,
} from './contact.dto';

@ApiTags('Contacts')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/contacts')
export class ContactsController {
  constructor(@Inject(ContactService) private readonly contacts: ContactService) {}

  @Post()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Create a contact' })
  @ApiCreatedResponse({ type: ContactDto })
  @ApiProblems(400, 409)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateContactDto,
  ): Promise<ContactDto> {
    return ContactDto.of(contactResource(await this.contacts.create(principal, body)));
  }

  @Post('import')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import contacts from CSV (text/csv, header row): phoneNumber, firstName, lastName, tags (;-separated), ' +
      'timeZone, any other column a custom field; existing numbers are updated',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    description: 'CSV with a header row.',
    schema: { type: 'string', example: 'phoneNumber,firstName,tags,plan\n+14155550199,Ada,vip;beta,gold\n' },
  })
  @ApiOkResponse({ type: ContactImportDto })
  @ApiProblems(400, 413, 415)
  async import(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ImportContactsQueryDto,
    @Body() body: unknown,
  ): Promise<ContactImportDto> {
    if (typeof body !== 'string') {
      throw new ValidationError([
        { field: 'body', code: 'csv_required', message: 'Send the contacts as text/csv.' },
      ]);
    }
    const result = await this.contacts.import(principal, contactRowsFromCsv(body), query.tag);
    return {
      object: 'contact_import',
      created: result.created,
      updated: result.updated,
      skipped: result.skipped.map((row) => ({ line: row.line, errors: [...row.errors] })),
    };
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'List contacts, newest first' })
  @ApiOkResponse({ type: ContactListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListContactsQueryDto) {
    const page = await this.contacts.list(principal, pageRequest(query), {
      ...(query.tag !== undefined && { tag: query.tag }),
      ...(query.number !== undefined && { number: query.number }),
    });
    return listResponse({ ...page, items: page.items.map(contactResource) });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Read a contact' })
  @ApiOkResponse({ type: ContactDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ContactDto> {
    return ContactDto.of(contactResource(await this.contacts.get(principal, id)));
  }

  @Patch(':id')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Change a contact; only the fields given change' })
  @ApiOkResponse({ type: ContactDto })
  @ApiProblems(400, 404, 409)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateContactDto,
  ): Promise<ContactDto> {
    return ContactDto.of(contactResource(await this.contacts.update(principal, id, body)));
  }

  @Delete(':id')
  @RequireScopes('messages:send')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a contact' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.contacts.delete(principal, id);
  }
}
